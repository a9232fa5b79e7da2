"""A psycopg connection of its own, outside Django's pool and transactions, made from Django's own parameters.

Tests that play a second request or process, benchmarks and commands that need a separate session all open it
here: the parameters come from the database backend itself (`OPTIONS` included), so the connection reaches the same
server as the app's whether that is a `DATABASE_URL` over TCP or the embedded server's Unix socket.
"""

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
