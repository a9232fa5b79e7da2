from django.core.management.base import BaseCommand, CommandError

from reflex.backups import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and the reports and media folders into a new folder, with a manifest."

    def add_arguments(self, parser):
        parser.add_argument("folder")

    def handle(self, *, folder, **options):
        try:
            manifest = backup(folder)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        reports = len(manifest["files"].get("reports", {}))
        self.stdout.write(f"Backed up {len(manifest['tables'])} tables and {reports} report files into {folder}.")
