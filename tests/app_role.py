"""The test suite runs as the application does in production: as a role that owns nothing (reflex/audit/
database_roles.py), while the owner creates the test database, migrates it and empties it between transactional
tests (`flush`, reflex/audit/management/commands/flush.py).

- With an owner named apart (DATABASE_OWNER_URL, or the embedded server's `postgres` beside `reflex_app`), the test
  database is created and migrated as the owner, then the tests connect as DATABASE_URL's role.
- With one role only (CI's `postgres@127.0.0.1`), that role is the owner, and the suite makes the application's role
  itself: `<test database>_app`, a login role with a password drawn for the session (so that servers that ask for one
  let it in), kept for the next run. The owner must be allowed to create roles (a superuser or CREATEROLE).

Either way the application's rights are granted by `grant_app_role`, and `settings.DATABASE_OWNER` names the owner,
so that `migrate`, `flush`, `grant_app_role`, a restore and `reflex.raw_connection.open_connection(owner=True)`
reach it.
`UNAVAILABLE` says why the suite runs as the owner when it could not make the role (tests/audit/
test_database_roles.py then fails, naming it).
"""

import secrets

from django.conf import settings
from django.db import DatabaseError, connections

from reflex.audit.database_roles import CONNECTION_KEYS, connect_as, grant_app_role, owner_of, separate_owner

UNAVAILABLE = None
_roles = {}


def _credentials(connection):
    return {key: connection.settings_dict.get(key, "") for key in CONNECTION_KEYS}


def connect_as_owner_for_setup():
    """Before the test database is created: the default connection becomes the owner's."""
    connection = connections["default"]
    _roles["app"] = _credentials(connection)
    owner = separate_owner()
    if owner is None:
        _roles["app"] = None  # made after the migrations, by the owner
        return
    connect_as(connection, owner_of(connection, owner))


def connect_as_app_role():
    """Once the test database is migrated: grant the application's role its rights, then connect as it."""
    global UNAVAILABLE
    connection = connections["default"]
    owner = _credentials(connection)
    _roles["owner"] = owner
    app = _roles["app"]
    if app is None:
        try:
            app = _make_app_role(connection, owner)
        except DatabaseError as error:
            UNAVAILABLE = f"the role {owner['USER']} could not make the application's role: {error}"
            return
    grant_app_role(app["USER"])
    connect_as(connection, {**app, "NAME": owner["NAME"]})
    try:
        connection.ensure_connection()
    except Exception as error:  # a server that refuses the new role (pg_hba.conf): run as the owner, say why
        UNAVAILABLE = f"the application's role {app['USER']} could not connect: {error}"
        connect_as(connection, owner)
        return
    settings.DATABASE_OWNER = {**owner}


def connect_as_owner_for_teardown():
    """Before the test database is dropped (without --reuse-db): only its owner may."""
    if "owner" in _roles:
        connect_as(connections["default"], _roles["owner"])


def _make_app_role(connection, owner):
    role = f"{owner['NAME']}_app"[:63]
    password = secrets.token_urlsafe(24)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        verb = "ALTER" if cursor.fetchone() else "CREATE"
        cursor.execute(f"{verb} ROLE {quote(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %s", [password])
    return {**owner, "USER": role, "PASSWORD": password}
