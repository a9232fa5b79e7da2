"""An embedded PostgreSQL server for laptops and CI runs that have no DATABASE_URL.

The `pgserver` wheel ships PostgreSQL 16. Its data lives under `var/pgdata`; every process that opens it
(runserver and its reloader, the task worker, pytest) registers itself, and the last one to exit stops
the server. A server left running by a crash is reused by the next start.
"""

import json
import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


def embedded_database_url(var_dir: Path, database: str = "reflex") -> str:
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
    if database not in server.psql(f"SELECT datname FROM pg_database WHERE datname = '{database}';"):
        server.psql(f'CREATE DATABASE "{database}";')
    return server.get_uri(database)


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
