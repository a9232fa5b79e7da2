"""The import of a file of young people, in the background: its lines are checked (the preview), then written once
the coordinator confirms, all or none (youths/imports.py). The page polls its progress."""

import logging
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from django.db import connection
from django.utils import timezone

from reflex.worker.policies import bounded_task

from . import imports
from .enums import ImportStatus
from .models import PendingImport

logger = logging.getLogger(__name__)
PROGRESS_EVERY = 25


class Progress:
    """Writes an import's progress from a thread of its own: its connection commits each figure at once, even while
    the import's transaction is still open, so the page polling it sees the lines go by."""

    def __init__(self, pending_id):
        self.pending_id = pending_id
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-progress")
        self.last = 0

    def __call__(self, done):
        if done - self.last >= PROGRESS_EVERY:
            self.last = done
            self.executor.submit(self._write, done)

    def _write(self, done):
        try:
            PendingImport.objects.filter(pk=self.pending_id, done_count__lt=done).update(done_count=done)
        except Exception:  # noqa: BLE001 - progress is a courtesy; the import goes on without it
            logger.warning("Progress of import %s not written", self.pending_id, exc_info=True)
        finally:
            connection.close()

    def close(self):
        self.executor.shutdown(wait=True)


def mark_failed(args, kwargs, exc):
    """The worker gave up (time limit, worker lost): the import page says so; nothing was written."""
    import_id = args[0] if args else kwargs["import_id"]
    message = str(exc) or type(exc).__name__
    PendingImport.objects.filter(pk=import_id).exclude(status__in=[ImportStatus.DONE, ImportStatus.CANCELLED]).update(
        status=ImportStatus.FAILED, error=message[:2000], finished_at=timezone.now()
    )


@bounded_task(time_limit=timedelta(minutes=15), max_attempts=2, on_failure=mark_failed)
def process_import(import_id):
    """Check the lines of a new import, or write a confirmed one."""
    pending = PendingImport.objects.select_related("author", "author__organisation").get(pk=import_id)
    progress = Progress(pending.pk)
    try:
        if pending.status == ImportStatus.CHECKING:
            imports.check_pending(pending, progress)
        elif pending.status in (ImportStatus.QUEUED, ImportStatus.WRITING):
            imports.write_pending(pending, progress)
    except Exception as exc:
        mark_failed([pending.pk], {}, exc)
        raise
    finally:
        progress.close()
    return pending.pk
