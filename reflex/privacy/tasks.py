"""The daily retention run as a Django task. The tasks framework has no scheduler: see README.md ("Scheduling")."""

from datetime import timedelta

from reflex.worker.policies import bounded_task

from .retention import apply_retention


@bounded_task(time_limit=timedelta(hours=1), max_attempts=2)
def apply_retention_task():
    """Anonymise the records past the retention period and purge the old access journal; returns the summary."""
    return apply_retention().as_dict()
