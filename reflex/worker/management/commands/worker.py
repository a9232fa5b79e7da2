"""`manage.py worker`: runs background tasks, retries those whose worker died, enforces time limits, reconnects.

Use it instead of django-tasks-db's `db_worker` (see reflex/worker/runner.py); run it under a supervisor that
restarts it (systemd `Restart=always`, `make run`).
"""

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from reflex.worker.runner import ReliableWorker


class Command(DbWorkerCommand):
    help = "Run the background task worker (retries lost tasks, enforces time limits, survives database restarts)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(reload=False)

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay, max_tasks, worker_id,
               exclude_queues, **options):  # fmt: skip
        self.configure_logging(verbosity)
        worker = ReliableWorker(
            queue_names=queue_name.split(","),
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=exclude_queues.split(",") if exclude_queues else [],
        )
        worker.configure_signals()
        worker.run()
