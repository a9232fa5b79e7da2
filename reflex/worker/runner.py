"""The task worker: django-tasks-db's, made to finish or fail every task visibly.

What it adds to `manage.py db_worker` (whose loop only ever picks up waiting tasks):
- a **heartbeat**: a thread writes every `WORKER_HEARTBEAT_SECONDS` that this process lives and which task it runs
  (`WorkerHeartbeat`);
- a **sweep** (`recover_lost_tasks`), run by every worker between tasks: a task marked running whose worker has not
  said so for `WORKER_LOST_AFTER_SECONDS` (killed, machine lost, connection lost mid-task) goes back in the queue,
  up to its `max_attempts` runs; then it is marked failed and its `on_failure` hook tells the object it worked on;
- **time limits**: each task kind's limit (`policies.bounded_task`) raises `TaskTimeLimitExceeded` inside it (a
  SIGALRM); a task that ignores it is ended with its process after `WORKER_HARD_LIMIT_GRACE_SECONDS` more (the
  supervisor starts a new worker, the sweep takes the task back);
- **a lost database connection is survived**: the loop logs it, drops the connection and tries again with a growing
  pause, instead of letting the exception end the process.
"""

import logging
import os
import signal
import socket
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, close_old_connections, connections, transaction
from django.tasks import TaskContext, TaskResultStatus
from django.tasks.signals import task_finished, task_started
from django.utils import timezone, translation
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from .models import WorkerHeartbeat
from .policies import TaskTimeLimitExceeded, WorkerLost, policy_for

logger = logging.getLogger(__name__)

MAX_RECONNECT_PAUSE = 30


def heartbeat_seconds():
    return float(getattr(settings, "WORKER_HEARTBEAT_SECONDS", 10))


def lost_after():
    return timedelta(seconds=float(getattr(settings, "WORKER_LOST_AFTER_SECONDS", 60)))


def hard_limit_grace():
    return float(getattr(settings, "WORKER_HARD_LIMIT_GRACE_SECONDS", 30))


def _forget_connections():
    """Drop this thread's database connections, whatever state they are in; the next query opens a fresh one."""
    for conn in connections.all(initialized_only=True):
        try:
            conn.close()
        except Exception:  # noqa: BLE001 - a dead connection may fail to close; it is gone either way
            conn.connection = None


def _connection_lost(exc):
    if not isinstance(exc, (OperationalError, InterfaceError)):
        return False
    try:
        return not connections["default"].is_usable()
    except Exception:  # noqa: BLE001
        return True


def _call_on_failure(result, policy, exc):
    if policy.on_failure is None:
        return
    try:
        with translation.override(settings.LANGUAGE_CODE):
            policy.on_failure(result.args_kwargs["args"], result.args_kwargs["kwargs"], exc)
    except Exception:
        logger.exception("The failure hook of task %s (%s) failed", result.id, result.task_path)


def a_worker_is_alive(now=None):
    """Has any worker said it was alive recently? (Pages waiting for a task say so when none has.)"""
    now = now or timezone.now()
    return WorkerHeartbeat.objects.filter(seen_at__gte=now - lost_after()).exists()


def recover_lost_tasks(now=None):
    """Put back in the queue, or fail, the running tasks whose worker is gone. Returns (requeued, failed) ids."""
    now = now or timezone.now()
    cutoff = now - lost_after()
    beats = {beat.worker_id: beat for beat in WorkerHeartbeat.objects.all()}
    requeued, failed = [], []
    with transaction.atomic():
        candidates = DBTaskResult.objects.running().filter(started_at__lt=cutoff).select_for_update(skip_locked=True)
        for result in candidates:
            beat = beats.get(result.worker_ids[-1]) if result.worker_ids else None
            if beat is not None and beat.seen_at >= cutoff and beat.task_id == result.id:
                continue  # its worker is alive and still on it
            policy = policy_for(result.task_path)
            attempts = len(result.worker_ids)
            if attempts < policy.max_attempts:
                logger.warning("Task %s (%s): its worker is gone; queued again (attempt %s of %s)",
                               result.id, result.task_path, attempts + 1, policy.max_attempts)  # fmt: skip
                result.status = TaskResultStatus.READY
                result.started_at = None
                result.save(update_fields=["status", "started_at"])
                requeued.append(result.id)
            else:
                logger.error("Task %s (%s): its worker is gone for the %s time; abandoned",
                             result.id, result.task_path, attempts)  # fmt: skip
                with translation.override(settings.LANGUAGE_CODE):
                    exc = WorkerLost(attempts)
                result.set_failed(exc)
                _call_on_failure(result, policy, exc)
                failed.append(result.id)
    WorkerHeartbeat.objects.filter(seen_at__lt=now - timedelta(days=1)).delete()
    return requeued, failed


@contextmanager
def time_limit(limit):
    """Raise TaskTimeLimitExceeded in the block once `limit` has passed (main thread only: it uses SIGALRM)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise TaskTimeLimitExceeded(limit)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, limit.total_seconds())
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Running:
    task_id: object
    task_path: str
    deadline: float  # time.monotonic() past which the process ends itself


class Heart(threading.Thread):
    """Writes the worker's heartbeat; ends the process when a task ignores its time limit."""

    def __init__(self, worker):
        super().__init__(name="reflex-worker-heartbeat", daemon=True)
        self.worker = worker
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.wait(heartbeat_seconds()):
            running = self.worker.current
            if running is not None and time.monotonic() > running.deadline:
                logger.critical("Task %s (%s) ignored its time limit: ending the worker process",
                                running.task_id, running.task_path)  # fmt: skip
                os._exit(70)
            self.beat(running)

    def beat(self, running):
        try:
            WorkerHeartbeat.objects.filter(pk=self.worker.worker_id).update(
                seen_at=timezone.now(), task_id=running.task_id if running else None
            )
        except DatabaseError as exc:
            logger.warning("Worker heartbeat not written: %s", exc)
        finally:
            _forget_connections()


class ReliableWorker(Worker):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.current = None
        self.heart = Heart(self)
        self._last_sweep = 0.0

    def register(self):
        now = timezone.now()
        WorkerHeartbeat.objects.update_or_create(
            pk=self.worker_id,
            defaults={"hostname": socket.gethostname()[:255], "pid": os.getpid(), "started_at": now, "seen_at": now,
                      "task_id": None},
        )  # fmt: skip

    def run(self):
        logger.info("Starting worker worker_id=%s queues=%s", self.worker_id, ",".join(self.queue_names))
        pause = 1
        registered = False
        unreachable_since = None
        try:
            while self.running:
                try:
                    if not registered:
                        self.register()
                        registered = True
                        self.heart.start()
                    if self.iteration() == "stop":
                        return
                    if unreachable_since is not None:
                        logger.warning("Database reachable again after %.0f s", time.monotonic() - unreachable_since)
                        unreachable_since = None
                    pause = 1
                except (OperationalError, InterfaceError) as exc:
                    if unreachable_since is None:  # said once, not at every attempt
                        unreachable_since = time.monotonic()
                        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
                        logger.error("Database unreachable (%s); the worker keeps trying", reason)
                    _forget_connections()
                    time.sleep(pause)
                    pause = min(pause * 2, MAX_RECONNECT_PAUSE)
        finally:
            self.heart.stopped.set()

    def tasks(self):
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        return tasks

    def iteration(self):
        close_old_connections()
        if time.monotonic() - self._last_sweep >= heartbeat_seconds():
            recover_lost_tasks()
            self._last_sweep = time.monotonic()
        with transaction.atomic():
            task_result = self.tasks().get_locked()
            if task_result is not None:
                task_result.claim(self.worker_id)
                policy = policy_for(task_result.task_path)
                self.current = Running(
                    task_result.id, task_result.task_path, time.monotonic() + policy.seconds + hard_limit_grace()
                )
                WorkerHeartbeat.objects.filter(pk=self.worker_id).update(
                    seen_at=timezone.now(), task_id=task_result.id
                )
        if task_result is not None:
            try:
                self.run_task(task_result)
            finally:
                self.current = None
        elif self.batch:
            logger.info("No more tasks to run for worker_id=%s - exiting gracefully.", self.worker_id)
            return "stop"
        if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
            logger.info("Run maximum tasks (%d) on worker=%s - exiting gracefully.", self._run_tasks, self.worker_id)
            return "stop"
        close_old_connections()
        if self.running and task_result is None:
            time.sleep(self.interval)
        return None

    def run_task(self, db_task_result):
        policy = policy_for(db_task_result.task_path)
        self.running_task = True
        try:
            task = db_task_result.task
            task_result = db_task_result.task_result
            backend_type = type(task.get_backend())
            task_started.send(sender=backend_type, task_result=task_result)
            args, kwargs = task_result.args, task_result.kwargs
            with time_limit(policy.time_limit), translation.override(settings.LANGUAGE_CODE):
                if task.takes_context:
                    return_value = task.call(TaskContext(task_result=task_result), *args, **kwargs)
                else:
                    return_value = task.call(*args, **kwargs)
            db_task_result.set_successful(return_value)
            task_finished.send(sender=backend_type, task_result=db_task_result.task_result)
        except (SystemExit, KeyboardInterrupt):
            raise  # stopped by its supervisor: left running, the sweep takes it back
        except BaseException as exc:
            if _connection_lost(exc):
                raise  # the worker's fault, not the task's: the sweep queues it again once reconnected
            logger.exception("Task %s (%s) failed", db_task_result.id, db_task_result.task_path)
            db_task_result.set_failed(exc)
            _call_on_failure(db_task_result, policy, exc)
            try:
                task_finished.send(
                    sender=type(db_task_result.task.get_backend()), task_result=db_task_result.task_result
                )
            except Exception:  # noqa: BLE001 - the task's module may be gone
                logger.exception("Task id=%s failed unexpectedly", db_task_result.id)
        finally:
            self.running_task = False
            self._run_tasks += 1
