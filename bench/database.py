"""The benchmark's own database, `reflex_bench`, on the same server as the app's.

With DATABASE_URL set, its database name is swapped for `reflex_bench` (created if missing); without it, the
embedded PostgreSQL under var/ gets a `reflex_bench` database beside `reflex`.
"""

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
BENCH_DATABASE = "reflex_bench"


def bench_database_url():
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        sys.path.insert(0, str(BASE_DIR))
        from reflex.embedded_db import embedded_database_url

        return embedded_database_url(BASE_DIR / "var", BENCH_DATABASE)  # creates the database when missing
    parts = urlsplit(url)
    bench_url = urlunsplit(parts._replace(path="/" + BENCH_DATABASE))
    _create_if_missing(url)
    return bench_url


def _create_if_missing(server_url):
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DATABASE]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{BENCH_DATABASE}"')


def use_bench_database():
    """Point this process (and the processes it starts) at the benchmark database, before Django starts."""
    os.environ["DATABASE_URL"] = bench_database_url()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reflex.settings")
    if str(BASE_DIR) not in sys.path:
        sys.path.insert(0, str(BASE_DIR))
