"""The daily retention run as a Django task. The tasks framework has no scheduler: see README.md ("Scheduling")."""

from django.tasks import task

from .retention import apply_retention


@task()
def apply_retention_task():
    """Anonymise the records past the retention period and purge the old access journal; returns the summary."""
    return apply_retention().as_dict()
