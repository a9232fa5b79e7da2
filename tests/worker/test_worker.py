"""The worker under faults: a real `manage.py worker` process against the test database, killed or cut off.

The tests commit (transactional database) so that the worker process sees their rows; each waits for an outcome
with a deadline rather than sleeping a fixed time.
"""

import os
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from reflex import raw_connection
from tests.worker import tasks

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
DEADLINE = 60


def database_url():
    return raw_connection.database_url()


@pytest.fixture
def start_worker(transactional_db, tmp_path):
    """Starts worker processes on the test database; kills whatever is left at the end."""
    if os.environ.get("REFLEX_TEST_NOW"):
        pytest.skip("a worker process runs on the real clock, not on the suite's moved one (REFLEX_TEST_NOW)")
    processes = []

    def start():
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "TESTING": "false",
            "DEBUG": "true",
            "WORKER_HEARTBEAT_SECONDS": "0.3",
            "WORKER_LOST_AFTER_SECONDS": "2",
            "WORKER_HARD_LIMIT_GRACE_SECONDS": "5",
        }
        log = open(tmp_path / f"worker-{len(processes)}.log", "wb")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(
            [sys.executable, "manage.py", "worker", "--interval", "0.2", "--no-startup-delay"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        processes.append((process, log))
        return process

    yield start
    for process, log in processes:
        if process.poll() is None:
            process.kill()
        process.wait()
        log.close()


def enqueue(task, *args):
    with override_settings(TASKS=DATABASE_BACKEND):
        return task.enqueue(*args).id


def wait_for(condition, what, deadline=DEADLINE):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def result(task_id):
    return DBTaskResult.objects.get(pk=task_id)


def worker_backend_pids():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return [pid for (pid,) in cursor.fetchall()]


def test_a_task_whose_worker_is_killed_runs_again_and_completes(start_worker, tmp_path):
    task_id = enqueue(tasks.killed_once, str(tmp_path))
    first = start_worker()
    wait_for(lambda: (tmp_path / "attempt-1").exists(), "the first attempt")
    first.send_signal(signal.SIGKILL)
    first.wait()
    assert result(task_id).status == "RUNNING"  # what the stock worker would leave forever

    start_worker()
    wait_for(lambda: result(task_id).status == "SUCCESSFUL", "the second attempt")
    done = result(task_id)
    assert done.return_value == 2
    assert len(done.worker_ids) == 2


def test_a_task_killed_more_than_its_attempts_fails_visibly(start_worker, tmp_path):
    task_id = enqueue(tasks.always_killed, str(tmp_path))
    for attempt in (1, 2):
        worker = start_worker()
        wait_for(lambda attempt=attempt: (tmp_path / f"attempt-{attempt}").exists(), f"attempt {attempt}")
        worker.send_signal(signal.SIGKILL)
        worker.wait()
    start_worker()
    wait_for(lambda: result(task_id).status == "FAILED", "the task to be abandoned")
    assert not (tmp_path / "attempt-3").exists()
    assert result(task_id).exception_class_path == "reflex.worker.policies.WorkerLost"
    assert "a été abandonnée" in (tmp_path / "gave-up").read_text(encoding="utf-8")


def test_a_task_past_its_time_limit_is_stopped_and_fails(start_worker, tmp_path):
    task_id = enqueue(tasks.too_slow, str(tmp_path))
    worker = start_worker()
    wait_for(lambda: result(task_id).status == "FAILED", "the time limit", deadline=30)
    assert result(task_id).exception_class_path == "reflex.worker.policies.TaskTimeLimitExceeded"
    assert "1 secondes" in (tmp_path / "gave-up").read_text(encoding="utf-8")
    assert not (tmp_path / "finished").exists()
    assert worker.poll() is None  # the worker carries on


def test_the_worker_survives_its_database_connections_being_terminated(start_worker, tmp_path):
    worker = start_worker()
    first = enqueue(tasks.reads_the_database, str(tmp_path / "first"))
    (tmp_path / "first").mkdir()
    wait_for(lambda: result(first).status == "SUCCESSFUL", "a first task")

    pids = worker_backend_pids()
    assert pids, "the worker holds no connection"
    with connection.cursor() as cursor:
        for pid in pids:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    time.sleep(1)  # the worker meets the dead connections on its next poll

    (tmp_path / "second").mkdir()
    second = enqueue(tasks.reads_the_database, str(tmp_path / "second"))
    wait_for(lambda: result(second).status == "SUCCESSFUL", "a task after the connections were cut")
    assert worker.poll() is None


def test_a_task_whose_connection_is_cut_mid_query_runs_again_and_the_worker_carries_on(start_worker, tmp_path):
    task_id = enqueue(tasks.cut_mid_query, str(tmp_path))
    worker = start_worker()
    wait_for(lambda: (tmp_path / "attempt-1").exists(), "the first attempt")
    time.sleep(0.5)  # into its query
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE %s",
            ["SELECT pg_sleep%"],
        )
        assert cursor.fetchone()[0] == 1
    wait_for(lambda: result(task_id).status == "SUCCESSFUL", "the task to run again")
    assert result(task_id).return_value == 2
    assert worker.poll() is None


def test_a_task_that_ignores_its_limit_ends_its_process_and_then_fails(start_worker, tmp_path):
    task_id = enqueue(tasks.ignores_its_limit, str(tmp_path))
    stubborn = start_worker()
    assert stubborn.wait(timeout=40) == 70  # the limit (1 s) and the grace (5 s): the process ends itself
    assert result(task_id).status == "RUNNING"
    start_worker()  # the next worker takes the task back: its one attempt is spent
    wait_for(lambda: result(task_id).status == "FAILED", "the task to be abandoned")
    assert "a été abandonnée" in (tmp_path / "gave-up").read_text(encoding="utf-8")
