"""`migrate`, as the owner role when DATABASE_OWNER_URL is set, then the application's role gets its rights.

Django's own command does the work; this one only connects as the owner first (the application's role, the user of
DATABASE_URL, may not create or alter tables) and afterwards grants the application's role its rights on the new
tables (reflex/audit/database_roles.py). Without DATABASE_OWNER_URL it is Django's `migrate`, unchanged.
"""

from django.conf import settings
from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import DEFAULT_DB_ALIAS, connections

from reflex.audit.database_roles import grant_app_role

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


class Command(DjangoMigrate):
    help = DjangoMigrate.help + " Connects as DATABASE_OWNER_URL when set, then grants DATABASE_URL's role."

    def handle(self, *args, **options):
        owner = settings.DATABASE_OWNER
        connection = connections[DEFAULT_DB_ALIAS]
        application = {key: connection.settings_dict.get(key, "") for key in CONNECTION_KEYS}
        if owner is None or options["database"] != DEFAULT_DB_ALIAS or owner["USER"] == application["USER"]:
            return super().handle(*args, **options)
        connect_as(connection, owner_of(connection, owner))
        try:
            super().handle(*args, **options)
            grant_app_role(application["USER"])
            if options["verbosity"]:
                self.stdout.write(f"Rights of the application's role {application['USER']} granted.")
        finally:
            connect_as(connection, application)
