"""An embedded PostgreSQL server for laptops and CI runs that have no DATABASE_URL.

The `pgserver` wheel ships PostgreSQL 16. Its data lives under `var/pgdata`; every process that opens it
(runserver and its reloader, the task worker, pytest) registers itself, and the last one to exit stops
the server. A server left running by a crash is reused by the next start.

Its superuser `postgres` owns the tables and migrates; the application connects as `reflex_app`, a login role that
owns nothing and gets the application's rights from `migrate` (reflex/audit/database_roles.py), as in production.
"""

import json
import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

APP_ROLE = "reflex_app"
OWNER_ROLE = "postgres"


def embedded_database_url(var_dir: Path, database: str = "reflex") -> str:
    """The URL of `database` (created when missing) as the owner."""
    return _server(var_dir, database).get_postmaster_info().get_uri(user=OWNER_ROLE, database=database)


def embedded_database_urls(var_dir: Path, database: str = "reflex") -> tuple[str, str]:
    """The URLs of `database` (created when missing) as the application's role (created when missing) and as the
    owner."""
    server = _server(var_dir, database, app_role=APP_ROLE)
    info = server.get_postmaster_info()
    return info.get_uri(user=APP_ROLE, database=database), info.get_uri(user=OWNER_ROLE, database=database)


def _server(var_dir: Path, database: str, app_role: str | None = None):
    var_dir.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(_runtime_dir(var_dir)))
    try:
        import pgserver
    except ImportError as exc:
        raise ImproperlyConfigured(
            "DATABASE_URL is not set and the embedded PostgreSQL (pgserver) is not installed. "
            "Set DATABASE_URL (postgres://user:password@host:5432/name) or use Python 3.12 with `make run`."
        ) from exc
    pgdata = var_dir / "pgdata"
    _forget_crashed_processes(pgserver, pgdata)
    server = pgserver.get_server(pgdata, cleanup_mode="stop")
    found = server.psql(
        f"SELECT 'database:' || datname FROM pg_database WHERE datname = '{database}'"
        f" UNION ALL SELECT 'role:' || rolname FROM pg_roles WHERE rolname = '{app_role}';"
    )
    if f"database:{database}" not in found:
        server.psql(f'CREATE DATABASE "{database}";')
    if app_role and f"role:{app_role}" not in found:
        # Two processes starting at once (the server and the worker) may both try: the second one's error is moot.
        server.psql(
            f"DO $$ BEGIN CREATE ROLE {app_role} LOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN"
            " NULL; END $$;"
        )
    return server


def _runtime_dir(var_dir: Path) -> Path:
    path = var_dir / "run"
    path.mkdir(exist_ok=True)
    path.chmod(0o700)
    return path


def _forget_crashed_processes(pgserver, pgdata):
    """pgserver stops the server when the last registered process exits; a crashed process never deregisters."""
    import psutil

    handles = pgdata / ".handle_pids.json"
    with pgserver.PostgresServer._lock:
        if handles.exists():
            alive = [pid for pid in json.loads(handles.read_text() or "[]") if psutil.pid_exists(pid)]
            handles.write_text(json.dumps(alive))
