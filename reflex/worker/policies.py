"""Every background task says how long it may run and how often it is tried again when its worker dies.

    @bounded_task(time_limit=timedelta(minutes=10), on_failure=mark_report_failed)
    def generate_report(report_id): ...

The worker (`manage.py worker`, `reflex.worker.runner`) stops a task at its time limit, puts back in the queue a task
whose worker died (up to `max_attempts` runs in all), and calls `on_failure(args, kwargs, message)` when it gives up,
so that the object the task was working on says so (a report page stops waiting and offers to start again).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.tasks import task
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

DEFAULT_TIME_LIMIT = timedelta(minutes=10)
DEFAULT_MAX_ATTEMPTS = 3


class TaskTimeLimitExceeded(Exception):
    """Raised inside a task that ran past its time limit."""

    def __init__(self, limit):
        self.limit = limit
        super().__init__(
            _("The task ran longer than its limit of %(seconds)s seconds and was stopped.")
            % {"seconds": int(limit.total_seconds())}
        )


class WorkerLost(Exception):
    """Recorded on a task whose worker stopped answering too many times."""

    def __init__(self, attempts):
        self.attempts = attempts
        super().__init__(
            _("The worker running the task stopped (%(attempts)s attempts); the task was abandoned.")
            % {"attempts": attempts}
        )


@dataclass(frozen=True)
class TaskPolicy:
    time_limit: timedelta = DEFAULT_TIME_LIMIT
    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    on_failure: Callable | None = None

    @property
    def seconds(self):
        return self.time_limit.total_seconds()


DEFAULT_POLICY = TaskPolicy()
_POLICIES: dict[str, TaskPolicy] = {}


def bounded_task(*, time_limit, max_attempts=DEFAULT_MAX_ATTEMPTS, on_failure=None, **task_options):
    """Django's `@task`, with the limits the worker enforces."""
    if not isinstance(time_limit, timedelta) or time_limit <= timedelta(0):
        raise ValueError("time_limit must be a positive timedelta")
    if max_attempts < 1:
        raise ValueError("max_attempts must be at least 1")

    def decorate(func):
        declared = task(**task_options)(func)
        _POLICIES[declared.module_path] = TaskPolicy(time_limit, max_attempts, on_failure)
        return declared

    return decorate


def policy_for(task_path):
    """The limits of the task at this dotted path (importing it registers them); the defaults for an unknown one."""
    if task_path not in _POLICIES:
        try:
            import_string(task_path)
        except ImportError:
            return DEFAULT_POLICY
    return _POLICIES.get(task_path, DEFAULT_POLICY)


def declared_policies():
    return dict(_POLICIES)
