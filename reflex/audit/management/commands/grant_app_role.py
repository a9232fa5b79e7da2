from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from reflex.audit.database_roles import as_owner, grant_app_role


class Command(BaseCommand):
    help = (
        "Grant the application's database role (the user of DATABASE_URL, or --role) its rights: rows of every "
        "table, only INSERT and SELECT on the access journal and the change history. Connects as "
        "DATABASE_OWNER_URL when set. `migrate` does it after each migration; see reflex/audit/database_roles.py."
    )

    def add_arguments(self, parser):
        parser.add_argument("--role", help="The application's role (default: the user of DATABASE_URL).")
        parser.add_argument("--print", action="store_true", help="Print the statements run.")

    def handle(self, *args, role=None, **options):
        role = role or connections[DEFAULT_DB_ALIAS].settings_dict["USER"]
        with as_owner():
            try:
                statements = grant_app_role(role)
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
        if options["print"]:
            self.stdout.write(";\n".join(statements) + ";")
        self.stdout.write(f"Rights of the application's role {role} granted.")
