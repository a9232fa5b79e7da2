"""Background generation of reports (Django's tasks framework; the worker: `manage.py worker`).

The task records its outcome on the GeneratedReport itself, so that the page polling it shows a failure with its
message instead of waiting forever; the exception is raised again so that the worker's own records say so too.
"""

import logging
import os
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from reflex.worker.policies import TaskTimeLimitExceeded, WorkerLost, bounded_task

from . import documents
from .enums import ReportStatus
from .models import GeneratedReport

logger = logging.getLogger(__name__)


def _failure_message(exc):
    if isinstance(exc, (TaskTimeLimitExceeded, WorkerLost)):
        return str(exc)
    if isinstance(exc, OSError):  # never the server's paths on a page: the details are in the log
        return _(
            "The PDF could not be written to the reports storage (full or read-only: %(reason)s). Nothing was kept; "
            "tell the administrator."
        ) % {"reason": os.strerror(exc.errno) if exc.errno else type(exc).__name__}
    return f"{type(exc).__name__}: {exc}"


def mark_failed(args, kwargs, exc):
    """The worker gave up on a generation (worker lost too often, time limit): the report says so."""
    report_id = args[0] if args else kwargs["report_id"]
    report = GeneratedReport.objects.filter(pk=report_id).exclude(status=ReportStatus.READY).first()
    if report is not None and report.status != ReportStatus.FAILED:
        report.fail(_failure_message(exc))


@bounded_task(time_limit=timedelta(minutes=10), max_attempts=3, on_failure=mark_failed)
def generate_report(report_id):
    report = GeneratedReport.objects.select_related("author").get(pk=report_id)
    report.mark_running()
    try:
        with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            _html, pdf, figures = documents.build(report)
            report.store(pdf, figures)
    except Exception as exc:
        logger.exception("Report %s (%s) failed", report.pk, report.kind)
        report.fail(_failure_message(exc))
        raise
    return report.checksum


def enqueue(report):
    """Queue the generation; the task's id is kept to read the worker's state while the page polls."""
    result = generate_report.enqueue(report.pk)
    report.task_result_id = str(result.id)
    report.save(update_fields=["task_result_id"])
    return result


def worker_failure(report):
    """The error the task backend recorded for a report still marked as pending or running, if any."""
    if not report.task_result_id or report.is_finished:
        return None
    backend = generate_report.get_backend()
    if not backend.supports_get_result:
        return None
    from django.tasks.base import TaskResultStatus
    from django.tasks.exceptions import TaskResultDoesNotExist

    try:
        result = backend.get_result(report.task_result_id)
    except TaskResultDoesNotExist:
        return None
    if result.status == TaskResultStatus.FAILED:
        error = result.errors[-1] if result.errors else None
        return error.exception_class_path if error else "failed"
    return None


@bounded_task(time_limit=timedelta(minutes=30), max_attempts=2)
def check_derived_data_task():
    """The daily check of the stored copies (derived_check.py): queues tomorrow's run first, so that a failing check
    does not stop the next; returns what was repaired."""
    from . import derived_check

    derived_check.ensure_scheduled(run_after=derived_check.next_run())
    check = derived_check.check_and_repair()
    return {"rows_repaired": check.rows_repaired, "copies": sorted(check.drift), "error": check.error}


def waits_for_a_missing_worker(report):
    """A report still waiting while no worker has said it is alive (none started, or all stopped)."""
    from django_tasks_db.backend import DatabaseBackend

    from reflex.worker.runner import a_worker_is_alive

    if report.is_finished or not isinstance(generate_report.get_backend(), DatabaseBackend):
        return False
    return not a_worker_is_alive()
