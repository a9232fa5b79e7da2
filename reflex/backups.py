"""Backups that restore: the database (pg_dump's custom format) and the files it points at (generated reports and
uploaded logos) in one folder, with a manifest of every table's row count and fingerprint and every file's
SHA-256, checked again after a restore (`manage.py backup`, `manage.py restore`).

The database is dumped in one transaction (a consistent picture); reports written during the copy of the folder may
be missing from it, never half-written (they are written under a temporary name, then renamed).
"""

import hashlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

from reflex.audit.database_roles import as_owner, grant_app_role
from reflex.raw_connection import connection_params
from reflex.reports.storage import reports_root

MANIFEST = "manifest.json"
DUMP = "database.dump"


class BackupError(Exception):
    pass


def _server_major():
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        return int(cursor.fetchone()[0]) // 10000


def _candidates(name):
    if os.environ.get("PG_BIN_DIR"):
        yield Path(os.environ["PG_BIN_DIR"]) / name
    if shutil.which(name):
        yield Path(shutil.which(name))
    try:
        import pgserver  # the embedded server's own tools, last: importing it has side effects
    except ImportError:
        return
    yield Path(pgserver.__file__).parent / "pginstall" / "bin" / name


def _binary(name):
    """pg_dump / pg_restore of the server's major version: PG_BIN_DIR, the PATH's, or the embedded server's."""
    major = _server_major()
    for candidate in _candidates(name):
        if not candidate.exists():
            continue
        version = subprocess.run([candidate, "--version"], capture_output=True, text=True).stdout
        found = re.search(r"(\d+)(?:\.\d+)?", version)
        if found and int(found.group(1)) >= major:
            return str(candidate)
    raise BackupError(f"No {name} of PostgreSQL {major} or later: install it or set PG_BIN_DIR.")


def _environment():
    """libpq's variables for the same server as Django's connection (OPTIONS included: the embedded server's socket
    folder is its `host` option)."""
    params = connection_params()
    env = {**os.environ, "PGDATABASE": params["dbname"], "PGUSER": params.get("user") or ""}
    for name, variable in (("host", "PGHOST"), ("port", "PGPORT"), ("password", "PGPASSWORD")):
        if params.get(name):
            env[variable] = str(params[name])
    return env


def table_fingerprints():
    """{table: (rows, md5 of its rows in a stable order)} for every table of the database's public schema."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        tables = [name for (name,) in cursor.fetchall()]
        result = {}
        for table in tables:
            quoted = connection.ops.quote_name(table)
            cursor.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {quoted} t"
            )
            count, digest = cursor.fetchone()
            result[table] = [count, digest]
    return result


def _folders():
    return {"reports": Path(reports_root()), "media": Path(settings.MEDIA_ROOT)}


def file_checksums(root):
    root = Path(root)
    if not root.exists():
        return {}
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.name.startswith(".partial-")
    }


def backup(target):
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty: choose a new folder.")
    target.mkdir(parents=True, exist_ok=True)
    dump = subprocess.run(
        [_binary("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={target / DUMP}"],
        env=_environment(),
        capture_output=True,
        text=True,
    )
    if dump.returncode:
        raise BackupError(f"pg_dump failed: {dump.stderr.strip()}")
    files = {}
    for name, source in _folders().items():
        if source.exists():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns(".partial-*"))
        files[name] = file_checksums(target / name)
    manifest = {
        "created_at": timezone.now().isoformat(),
        "database": connection.settings_dict["NAME"],
        "tables": table_fingerprints(),
        "files": files,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    return manifest


def restore(source):
    """Replace the database and the folders by the backup's, then check them against its manifest."""
    source = Path(source)
    manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    connection.close()
    # As the owner (DATABASE_OWNER_URL), who drops and creates the tables; then the application's role gets its
    # rights on them again (the dump carries none).
    with as_owner() as application:
        restored = subprocess.run(
            [_binary("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
             f"--dbname={connection.settings_dict['NAME']}", str(source / DUMP)],
            env=_environment(),
            capture_output=True,
            text=True,
        )  # fmt: skip
        if restored.returncode:
            raise BackupError(f"pg_restore failed: {restored.stderr.strip()}")
        if connection.settings_dict["USER"] != application:
            grant_app_role(application)
    for name, target in _folders().items():
        if (source / name).exists():
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(source / name, target)
    problems = check(manifest)
    if problems:
        raise BackupError("The restored data differ from the backup: " + "; ".join(problems[:10]))
    return manifest


def check(manifest):
    """What differs between the live data and a backup's manifest (empty when they are the same)."""
    problems = []
    live = table_fingerprints()
    for table, expected in manifest["tables"].items():
        if live.get(table) != expected:
            problems.append(f"table {table}")
    for name, root in _folders().items():
        if file_checksums(root) != manifest["files"].get(name, {}):
            problems.append(f"files of {name}")
    return problems
