"""`flush`, as the owner role when DATABASE_OWNER_URL is set: emptying tables takes `TRUNCATE`, which the
application's role may not do (reflex/audit/database_roles.py), least of all on the access journal. The test suite
flushes this way after each transactional test (tests/app_role.py); `post_migrate` then runs as the owner too, as it
does after `migrate`."""

from django.core.management.commands.flush import Command as DjangoFlush

from reflex.audit.database_roles import as_owner


class Command(DjangoFlush):
    help = DjangoFlush.help + " Connects as DATABASE_OWNER_URL when set."

    def handle(self, **options):
        with as_owner(options["database"]):
            return super().handle(**options)
