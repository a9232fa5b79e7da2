import pgtrigger
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from reflex import raw_connection
from reflex.demo import DEMO_PASSWORD, DemoContext, seed_all


class Command(BaseCommand):
    help = "Load realistic, deterministic demo data for a Nord-Isère consortium. Running it again adds nothing."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="Multiply the volumes (100 ≈ a whole department).")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (the same seed gives the same data).")
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when staff accounts already exist.")

    def handle(self, *args, scale, seed, if_empty, **options):
        from partners.models import User

        if scale < 1:
            raise CommandError("--scale must be 1 or more.")
        if if_empty and User.objects.exists():
            self.stdout.write("The database already holds data: demo data not loaded.")
            return
        # The change history records what people do; bulk demo rows would only double the seeding time.
        with transaction.atomic(), pgtrigger.ignore():
            seed_all(DemoContext(scale=scale, seed=seed, stdout=self.stdout))
        # Fresh planner statistics for the new rows, by the tables' owner (DATABASE_OWNER_URL when set): PostgreSQL
        # skips the tables of other roles, and the application's owns none.
        with raw_connection.open_connection(owner=True, autocommit=True) as owner:
            owner.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Every demo account's password: {DEMO_PASSWORD}"))
