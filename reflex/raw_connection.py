"""A psycopg connection of its own, outside Django's pool and transactions, made from Django's own parameters.

Tests that play a second request or process, benchmarks and commands that need a separate session all open it
here: the parameters come from the database backend itself (`OPTIONS` included), so the connection reaches the same
server as the app's whether that is a `DATABASE_URL` over TCP or the embedded server's Unix socket. `owner=True`
connects as the role that owns the tables instead (DATABASE_OWNER_URL, when the application runs as another role:
reflex/audit/database_roles.py), for what only the owner may do (a restore, a test that drops a trigger).
"""

from urllib.parse import quote

import psycopg
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections


def connection_params(dbname=None, alias="default", owner=False):
    """psycopg's keyword arguments for the server of `alias`; `dbname` defaults to that connection's database (the
    test database under pytest); as the owner role with `owner`."""
    params = connections[alias].get_connection_params()
    for django_only in ("cursor_factory", "context", "prepare_threshold"):
        params.pop(django_only, None)
    if dbname is not None:
        params["dbname"] = dbname
    if owner and alias == DEFAULT_DB_ALIAS and settings.DATABASE_OWNER is not None:
        credentials = settings.DATABASE_OWNER
        params["user"] = credentials["USER"]
        params.pop("password", None)
        for key, name in (("PASSWORD", "password"), ("HOST", "host"), ("PORT", "port")):
            if credentials.get(key):
                params[name] = credentials[key]
    return params


def open_connection(dbname=None, alias="default", owner=False, **kwargs) -> psycopg.Connection:
    """Open a new connection (close it, or use it as a context manager)."""
    return psycopg.connect(**connection_params(dbname, alias, owner), **kwargs)


def database_url(dbname=None, alias="default", user=None, owner=False):
    """A `DATABASE_URL` reaching the same server and database as `alias` (for commands run in another process), as
    that role (the owner with `owner`) or as `user` (without a password then: for servers that trust local roles, as
    the embedded one does)."""
    params = connection_params(dbname, alias, owner)
    role = user or params.get("user", "")
    password = f":{quote(params['password'])}" if params.get("password") and not user else ""
    host, port = params.get("host", ""), params.get("port", "")
    name = quote(params["dbname"])
    if host.startswith("/"):  # a Unix socket's folder
        return f"postgres://{quote(role)}{password}@/{name}?host={quote(host)}"
    return f"postgres://{quote(role)}{password}@{host or 'localhost'}:{port or 5432}/{name}"
