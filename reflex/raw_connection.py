"""A psycopg connection of its own, outside Django's pool and transactions, made from Django's own parameters.

Tests that play a second request or process, benchmarks and commands that need a separate session all open it
here: the parameters come from the database backend itself (`OPTIONS` included), so the connection reaches the same
server as the app's whether that is a `DATABASE_URL` over TCP or the embedded server's Unix socket.
"""

from urllib.parse import quote

import psycopg
from django.db import connections


def connection_params(dbname=None, alias="default"):
    """psycopg's keyword arguments for the server of `alias`; `dbname` defaults to that connection's database (the
    test database under pytest)."""
    params = connections[alias].get_connection_params()
    for django_only in ("cursor_factory", "context", "prepare_threshold"):
        params.pop(django_only, None)
    if dbname is not None:
        params["dbname"] = dbname
    return params


def open_connection(dbname=None, alias="default", **kwargs) -> psycopg.Connection:
    """Open a new connection (close it, or use it as a context manager)."""
    return psycopg.connect(**connection_params(dbname, alias), **kwargs)


def database_url(dbname=None, alias="default", user=None):
    """A `DATABASE_URL` reaching the same server and database as `alias` (for commands run in another process), as
    that role or as `user` (without a password then: for servers that trust local roles, as the embedded one does)."""
    params = connection_params(dbname, alias)
    role = user or params.get("user", "")
    password = f":{quote(params['password'])}" if params.get("password") and not user else ""
    host, port = params.get("host", ""), params.get("port", "")
    name = quote(params["dbname"])
    if host.startswith("/"):  # a Unix socket's folder
        return f"postgres://{quote(role)}{password}@/{name}?host={quote(host)}"
    return f"postgres://{quote(role)}{password}@{host or 'localhost'}:{port or 5432}/{name}"
