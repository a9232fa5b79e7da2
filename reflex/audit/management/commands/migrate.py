"""`migrate`, as the owner role when DATABASE_OWNER_URL is set, then the application's role gets its rights.

Django's own command does the work; this one only connects as the owner first (the application's role, the user of
DATABASE_URL, may not create or alter tables) and afterwards grants the application's role its rights on the new
tables (reflex/audit/database_roles.py). Without DATABASE_OWNER_URL it is Django's `migrate`, unchanged.
"""

from django.core.management.commands.migrate import Command as DjangoMigrate

from reflex.audit.database_roles import as_owner, grant_app_role, separate_owner


class Command(DjangoMigrate):
    help = DjangoMigrate.help + " Connects as DATABASE_OWNER_URL when set, then grants DATABASE_URL's role."

    def handle(self, *args, **options):
        if separate_owner(options["database"]) is None:
            return super().handle(*args, **options)
        with as_owner() as application:
            super().handle(*args, **options)
            grant_app_role(application)
        if options["verbosity"]:
            self.stdout.write(f"Rights of the application's role {application} granted.")
