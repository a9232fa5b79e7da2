from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from youths import funnel


class Command(BaseCommand):
    help = (
        "Recompute every young person's stored funnel facts (after writes that bypassed the application, "
        "e.g. SQL run by hand). With --check, only report the records whose stored facts are out of date."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Change nothing; fail if some facts are stale.")

    def handle(self, *args, check, **options):
        if check:
            stale = funnel.stale_youth_ids()
            if stale:
                raise CommandError(f"{len(stale)} records have stale funnel facts; run refresh_funnel.")
            self.stdout.write("The stored funnel facts are up to date.")
            return
        with transaction.atomic():
            funnel.refresh()
        self.stdout.write(self.style.SUCCESS("Funnel facts recomputed."))
