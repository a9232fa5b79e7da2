"""The daily check of the stored copies: each one registered in reflex.derived_data (the funnel facts, the session
figures, the first named contacts, the data version's triggers) is compared with a fresh computation; drifted rows
are recomputed, and the run is journalled (`DerivedDataCheck`, in the admin site; a warning in the log).

The worker runs it (`check_derived_data_task`); the tasks framework has no scheduler, so each run queues the next
one for the following night, and `ensure_scheduled()` (after every migrate) queues a first run, at once, when none
is waiting. The refreshes lock rows before they compute (reflex/row_locks.py), so drift should never be found: one
found means a write path that does not refresh (raw SQL, a restore, a bug), and the journal says which copy. A
missing trigger is journalled but not repaired: only the tables' owner may create one, and the worker runs as the
application's role; `migrate` (as the owner) installs it (`live.repair_triggers()` says so in the run's error).
"""

import datetime
import logging

from django.db import transaction
from django.utils import timezone

from reflex import derived_data

from .models import DerivedDataCheck

logger = logging.getLogger(__name__)

RUN_AT = datetime.time(3, 0)  # local time: the quietest hour


def check_and_repair():
    """Compare every registered copy with a fresh computation, repair what differs, journal it: the journal row."""
    drift, repaired, errors = {}, 0, []
    for copy in derived_data.copies():
        try:
            with transaction.atomic():
                stale = list(copy.stale())
                if stale:
                    drift[copy.name] = stale[:100]  # ids only; the count is in rows_repaired
                    copy.repair(stale)
                    repaired += len(stale)
        except Exception as error:  # one copy failing must not hide the others' drift
            logger.exception("Derived data check of %s failed", copy.name)
            errors.append(f"{copy.name}: {type(error).__name__}: {error}")
    check = DerivedDataCheck.objects.create(drift=drift, rows_repaired=repaired, error="\n".join(errors))
    if drift:
        logger.warning(
            "Derived data drifted from a fresh computation and was repaired: %s",
            ", ".join(f"{name} ({len(ids)} rows)" for name, ids in drift.items()),
        )
    return check


def next_run(now=None):
    """The next RUN_AT, tomorrow at the latest."""
    now = timezone.localtime(now)
    run = now.replace(hour=RUN_AT.hour, minute=RUN_AT.minute, second=0, microsecond=0)
    return run if run > now else run + datetime.timedelta(days=1)


def ensure_scheduled(run_after=None, **kwargs):
    """Queue a check unless one is already waiting. Only with a backend that can defer (the database worker); with
    the immediate backend of the tests, nothing."""
    from .tasks import check_derived_data_task

    backend = check_derived_data_task.get_backend()
    if not backend.supports_defer:
        return None
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(task_path=check_derived_data_task.module_path, status=TaskResultStatus.READY)
    if waiting.exists():
        return None
    return check_derived_data_task.using(run_after=run_after or timezone.now()).enqueue()


def ensure_scheduled_after_migrate(using="default", plan=None, **kwargs):
    """post_migrate: not on a database without the tasks' table (a partial migrate)."""
    from django.db import connections
    from django_tasks_db.models import DBTaskResult

    if DBTaskResult._meta.db_table not in connections[using].introspection.table_names():
        return
    ensure_scheduled()
