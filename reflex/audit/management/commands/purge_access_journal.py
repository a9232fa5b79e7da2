from django.conf import settings
from django.core.management.base import BaseCommand

from reflex.audit.journal import purge_cutoff, purge_older_entries
from reflex.audit.models import AccessEntry


class Command(BaseCommand):
    help = "Delete access journal entries older than ACCESS_JOURNAL_RETENTION_MONTHS (12 by default)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only say how many entries would be deleted.")

    def handle(self, *args, dry_run, **options):
        cutoff = purge_cutoff()
        months = settings.ACCESS_JOURNAL_RETENTION_MONTHS
        if dry_run:
            count = AccessEntry.objects.filter(at__lt=cutoff).count()
            self.stdout.write(f"{count} access journal entries are older than {months} months (none deleted).")
            return
        count = purge_older_entries()
        self.stdout.write(f"{count} access journal entries older than {months} months deleted.")
