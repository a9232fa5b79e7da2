"""Two writers at the same moment, each on its own database connection (Django gives each thread its own): for the
tests that stored figures stay equal to a fresh computation whatever the interleaving. Needs `transactional_db`.

Django gives each thread a connection made from the same settings as the test's (OPTIONS included); a connection
outside Django's, for a session of its own, comes from `reflex/raw_connection.py`.
"""

import threading
import time

from django.db import connection, transaction

WAIT = 10  # seconds: how long a writer may take before the test gives up


def _backend_waits_for_a_lock(pid):
    with connection.cursor() as cursor:
        cursor.execute("SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = %s", [pid])
        row = cursor.fetchone()
    return bool(row and row[0])


def write_at_once(first, second):
    """Run `first()` in a transaction left open until `second()`, in another transaction on another connection, has
    either finished or is waiting for a lock the first holds; then commit both. The second writer's reads miss the
    first one's rows unless it waits for them: the interleaving that lost writes before the refreshes locked rows.
    Returns the errors each raised (None when it committed)."""
    first_wrote, let_first_commit, second_done = threading.Event(), threading.Event(), threading.Event()
    second_pid = []
    errors = {"first": None, "second": None}

    def run_first():
        try:
            with transaction.atomic():
                first()
                first_wrote.set()
                let_first_commit.wait(WAIT)
        except Exception as error:  # noqa: BLE001 - reported to the test
            errors["first"] = error
        finally:
            first_wrote.set()
            connection.close()

    def run_second():
        try:
            first_wrote.wait(WAIT)
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                second_pid.append(cursor.fetchone()[0])
            with transaction.atomic():
                second()
        except Exception as error:  # noqa: BLE001 - reported to the test
            errors["second"] = error
        finally:
            second_done.set()
            connection.close()

    threads = [threading.Thread(target=run_first), threading.Thread(target=run_second)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline and not second_done.is_set():
        if second_pid and _backend_waits_for_a_lock(second_pid[0]):
            break
        time.sleep(0.02)
    let_first_commit.set()
    for thread in threads:
        thread.join(WAIT)
    return errors
