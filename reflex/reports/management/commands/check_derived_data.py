from django.core.management.base import BaseCommand, CommandError

from reflex import derived_data
from reflex.reports import derived_check


class Command(BaseCommand):
    help = (
        "Compare every stored copy (funnel facts, session figures, first named contacts, identity keys, the data "
        "version's triggers) with a fresh computation. With --repair, recompute what differs and journal it, as "
        "the worker's daily check does; without, change nothing and fail when something drifted."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="Repair and journal the drift.")

    def handle(self, *args, repair, **options):
        if repair:
            check = derived_check.check_and_repair()
            if check.error:
                raise CommandError(check.error)
            for name, ids in check.drift.items():
                self.stdout.write(f"{name}: repaired {len(ids)} rows")
            self.stdout.write(self.style.SUCCESS(f"{check.rows_repaired} rows repaired."))
            return
        drifted = {copy.name: len(copy.stale()) for copy in derived_data.copies()}
        drifted = {name: count for name, count in drifted.items() if count}
        if drifted:
            raise CommandError(", ".join(f"{name}: {count} rows differ" for name, count in drifted.items()))
        self.stdout.write("Every stored copy equals a fresh computation.")
