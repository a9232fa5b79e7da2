from django.core.management.base import BaseCommand, CommandError

from reflex.backups import BackupError, restore


class Command(BaseCommand):
    help = "Replace the database and the reports and media folders by a backup's, then check them (destructive)."

    def add_arguments(self, parser):
        parser.add_argument("folder")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *, folder, yes, **options):
        if not yes and input("Replace the current data by the backup? Type 'yes': ").strip() != "yes":
            raise CommandError("Nothing was restored.")
        try:
            manifest = restore(folder)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Restored the backup of {manifest['created_at']}; every table and file checked.")
