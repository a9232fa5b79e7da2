"""Tasks the worker tests run in a real worker process (imported there by their dotted path)."""

import time
from datetime import timedelta
from pathlib import Path

from django.db import connection

from reflex.worker.policies import bounded_task


def _mark(folder, name):
    Path(folder, name).touch()


def record_failure(args, kwargs, exc):
    Path(args[0], "gave-up").write_text(str(exc), encoding="utf-8")


@bounded_task(time_limit=timedelta(seconds=30), max_attempts=3, takes_context=True)
def killed_once(context, folder):
    """The first attempt says it started, then waits to be killed; the next one finishes."""
    _mark(folder, f"attempt-{context.attempt}")
    if context.attempt == 1:
        time.sleep(60)
    return context.attempt


@bounded_task(time_limit=timedelta(seconds=30), max_attempts=2, on_failure=record_failure, takes_context=True)
def always_killed(context, folder):
    _mark(folder, f"attempt-{context.attempt}")
    time.sleep(60)


@bounded_task(time_limit=timedelta(seconds=1), max_attempts=1, on_failure=record_failure)
def too_slow(folder):
    time.sleep(20)
    _mark(folder, "finished")


@bounded_task(time_limit=timedelta(seconds=10))
def reads_the_database(folder):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        (one,) = cursor.fetchone()
    _mark(folder, "done")
    return one


@bounded_task(time_limit=timedelta(seconds=60), max_attempts=3, takes_context=True)
def cut_mid_query(context, folder):
    """The first attempt waits in a query (its connection will be cut); the next one finishes."""
    _mark(folder, f"attempt-{context.attempt}")
    if context.attempt == 1:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(60)")
    return context.attempt


@bounded_task(time_limit=timedelta(seconds=1), max_attempts=1, on_failure=record_failure)
def ignores_its_limit(folder):
    """Swallows the time limit's exception and goes on: only ending its process stops it."""
    _mark(folder, "started")
    try:
        time.sleep(30)
    except Exception:  # noqa: BLE001 - the point of this task
        time.sleep(30)
