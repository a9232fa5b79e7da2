from django.core.management.base import BaseCommand

from youths.keys import refresh_all_keys


class Command(BaseCommand):
    help = "Recompute the normalised identity keys (names, nickname, phone, e-mail) of every young person's record."

    def handle(self, *args, **options):
        changed = refresh_all_keys()
        self.stdout.write(f"{changed} records updated.")
