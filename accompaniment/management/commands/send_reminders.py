from django.core.management.base import BaseCommand

from accompaniment.tasks import send_reminders_task


class Command(BaseCommand):
    help = "Queue the reminders of tomorrow's appointments for the worker (--now: send them from this process)."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="send now instead of queuing for the worker")

    def handle(self, *args, now=False, **options):
        if now:
            from accompaniment.reminders import send_reminders

            self.stdout.write(str(send_reminders()))
        else:
            result = send_reminders_task.enqueue()
            self.stdout.write(f"queued: {result.id}")
