"""Two database roles: an owner that migrates, and the application's role that reads and writes rows, owns nothing.

The owner (DATABASE_OWNER_URL, or DATABASE_URL when it is not set) creates and alters the tables: `manage.py
migrate` connects as the owner, then grants the application's role (the user of DATABASE_URL) what it needs
(`grant_app_role`, also `manage.py grant_app_role`). The application (web server, task worker, every other
command) connects with DATABASE_URL as that role, which:
- reads, inserts, updates and deletes the rows of the ordinary tables;
- may only INSERT and SELECT in the access journal and the change history (django-pghistory's event tables): no
  UPDATE, DELETE or TRUNCATE, and no DROP or ALTER since it owns nothing. What must still leave them goes through
  functions that run as the owner and check their own rule (SECURITY DEFINER): the journal's retention purge
  (`audit_purge_access_journal`, never younger than 6 months), the erasure of an anonymised young person's history
  (`privacy_erase_history`) and the blanking of a refused identity (`privacy_forget_refused_identity`);
- may read the migrations table but not write to it, and may not create anything in the schema.

The deploy check `audit.W001` warns when the application's connection owns tables, is a superuser, or may alter
the journal (reflex/audit/checks.py). README, "Deploying", creates both roles. The embedded server has both
(reflex/embedded_db.py), and the test suite runs as a role that owns nothing (tests/app_role.py). What only the owner
may do connects as DATABASE_OWNER_URL: `migrate`, `flush`, `grant_app_role` and a restore (`as_owner()`), and
`reflex.raw_connection.open_connection(owner=True)`.
"""

import contextlib

from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

APPEND_ONLY = "SELECT, INSERT"
# pghistory's request context (who, which URL): its triggers insert the row, then update it on the next change.
CONTEXT = "SELECT, INSERT, UPDATE"
ROWS = "SELECT, INSERT, UPDATE, DELETE"
CONNECTION_KEYS = ("NAME", "USER", "PASSWORD", "HOST", "PORT")


def owner_of(connection, owner):
    """The owner's credentials for the database this connection uses (the test database too, under pytest)."""
    return {**{key: owner.get(key, "") for key in CONNECTION_KEYS}, "NAME": connection.settings_dict["NAME"]}


def connect_as(connection, credentials):
    """Close the connection (and its pool): the next query opens one with these credentials."""
    connection.close()
    if connection.settings_dict.get("OPTIONS", {}).get("pool"):
        connection.close_pool()
    connection.settings_dict.update({key: credentials.get(key, "") for key in CONNECTION_KEYS})


def separate_owner(using=DEFAULT_DB_ALIAS):
    """DATABASE_OWNER_URL's credentials when they name another role than the connection's, else None."""
    owner = settings.DATABASE_OWNER
    if owner is None or using != DEFAULT_DB_ALIAS or owner["USER"] == connections[using].settings_dict["USER"]:
        return None
    return owner


@contextlib.contextmanager
def as_owner(using=DEFAULT_DB_ALIAS):
    """Within the block, the connection `using` is the owner's (DATABASE_OWNER_URL; the connection is left as it is
    when that is not set or is the same role). Yields the application's role, then reconnects as it. Not inside a
    transaction: the connection is closed on the way in and out."""
    connection = connections[using]
    application = {key: connection.settings_dict.get(key, "") for key in CONNECTION_KEYS}
    owner = separate_owner(using)
    if owner is None:
        yield application["USER"]
        return
    connect_as(connection, owner_of(connection, owner))
    try:
        yield application["USER"]
    finally:
        connect_as(connection, application)


def append_only_tables():
    """The access journal and every change-history table (django-pghistory's event models)."""
    from pghistory.models import Event

    from .models import AccessEntry

    tables = [AccessEntry._meta.db_table]
    tables += sorted(model._meta.db_table for model in apps.get_models() if issubclass(model, Event))
    return tables


def grant_app_role(role, using="default"):
    """Give `role` the application's rights on every table and sequence of the schema (idempotent; run as the
    owner after each migration, since new tables are not covered otherwise). Returns the statements run."""
    from pghistory.models import Context

    connection = connections[using]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema(), current_user")
        schema, owner = cursor.fetchone()
        if role == owner:
            raise ValueError(f"The application's role must not be the owner ({owner}).")
        schema, role = quote(schema), quote(role)
        statements = [
            f"GRANT USAGE ON SCHEMA {schema} TO {role}",
            f"REVOKE CREATE ON SCHEMA {schema} FROM {role}",
            f"REVOKE CREATE ON SCHEMA {schema} FROM PUBLIC",  # PostgreSQL < 15 grants it (only its owner revokes)
            f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {role}",
            f"GRANT {ROWS} ON ALL TABLES IN SCHEMA {schema} TO {role}",
            *(f"REVOKE UPDATE, DELETE, TRUNCATE ON {quote(table)} FROM {role}" for table in append_only_tables()),
            f"REVOKE ALL ON {quote(Context._meta.db_table)} FROM {role}",
            f"GRANT {CONTEXT} ON {quote(Context._meta.db_table)} TO {role}",
            f"REVOKE INSERT, UPDATE, DELETE ON {quote('django_migrations')} FROM {role}",
            f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",
            f"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA {schema} TO {role}",
        ]
        for statement in statements:
            cursor.execute(statement)
    return statements


def problems(using="default"):
    """What is wrong with the role this connection uses, for the application: a list of sentences (English)."""
    from .models import AccessEntry

    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user),"
            " (SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tableowner = current_user),"
            " has_table_privilege(current_user, to_regclass(%s), 'UPDATE, DELETE, TRUNCATE')",
            [AccessEntry._meta.db_table],
        )
        superuser, owned, may_alter_journal = cursor.fetchone()
    found = []
    if superuser:
        found.append("it is a superuser")
    if owned:
        found.append(f"it owns {owned} tables")
    if may_alter_journal:
        found.append("it may update, delete or truncate the access journal")
    return found
