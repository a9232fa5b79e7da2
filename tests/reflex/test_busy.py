"""A database that is too slow (a long lock held by another connection) gives a French "try again" page, and the
waiting query is cancelled in PostgreSQL rather than left behind."""

import os
import runpy
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection
from django.db.backends.signals import connection_created
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reflex import raw_connection
from tests.submission_tokens import with_token
from tests.youths.factories import YouthFactory
from youths.models import Youth

pytestmark = pytest.mark.django_db(transaction=True)


def connect():
    return raw_connection.open_connection()


@pytest.fixture
def locker():
    """A second connection, as another process holding a long lock would be."""
    with connect() as other:
        yield other
        other.rollback()


@pytest.fixture
def short_limits():
    """The configured limits are seconds long; the tests wait a fraction of that. Set on every connection the
    requests take from the pool, which is emptied afterwards so that no later test inherits them."""
    limits = {}

    def on_connect(sender, connection, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute(f"SET statement_timeout = '{limits['statement']}'")
            cursor.execute(f"SET lock_timeout = '{limits['lock']}'")

    def apply(statement="0", lock="0"):
        limits.update(statement=statement, lock=lock)
        connection.close()
        connection_created.connect(on_connect)

    yield apply
    connection_created.disconnect(on_connect)
    connection.close()
    connection.close_pool()


def waiting_locks(other):
    return other.execute("SELECT count(*) FROM pg_locks WHERE NOT granted").fetchone()[0]


def test_every_connection_has_a_statement_and_a_lock_timeout():
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        statement = cursor.fetchone()[0]
        cursor.execute("SHOW lock_timeout")
        lock = cursor.fetchone()[0]
    assert statement == f"{int(settings.DATABASE_STATEMENT_TIMEOUT)}s"
    assert lock == f"{int(settings.DATABASE_LOCK_TIMEOUT)}s"


@pytest.mark.parametrize("limit", ["lock", "statement"])
def test_a_page_blocked_by_a_lock_gets_the_try_again_page(professional, programme, locker, short_limits, limit):
    client = Client()
    client.force_login(professional)
    short_limits(**{limit: "300ms"})
    youth = YouthFactory(shared=True)
    locker.execute("LOCK TABLE youths_youth IN ACCESS EXCLUSIVE MODE")
    response = client.get(reverse("youths:detail", args=[youth.pk]))
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    page = response.content.decode()
    assert "réessayez dans un instant" in page
    assert "Traceback" not in page and str(settings.BASE_DIR) not in page
    assert waiting_locks(locker) == 0  # the page's query is not left waiting in PostgreSQL


def test_a_post_blocked_by_a_lock_says_nothing_was_saved(professional, programme, locker, short_limits):
    client = Client()
    client.force_login(professional)
    short_limits(lock="300ms")
    locker.execute("LOCK TABLE youths_youth IN ACCESS EXCLUSIVE MODE")
    data = {
        "nickname": "Zizou",
        "first_contact_on": timezone.localdate().isoformat(),
        "qualification_level": "unknown",
        "institutions-TOTAL_FORMS": "0",
        "institutions-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("youths:create"), with_token(data))
    assert response.status_code == 503
    assert "rien n'a été enregistré" in response.content.decode()
    locker.rollback()
    assert not Youth.objects.exists()


def test_a_lock_met_outside_the_view_gets_the_same_page(professional, locker, short_limits):
    """The session is read by a middleware, before any view: Django's 500 handler gives the same answer."""
    client = Client(raise_request_exception=False)
    client.force_login(professional)
    short_limits(lock="300ms")
    locker.execute("LOCK TABLE django_session IN ACCESS EXCLUSIVE MODE")
    response = client.get(reverse("home"))
    assert response.status_code == 503
    assert "réessayez dans un instant" in response.content.decode()


def test_the_worker_and_commands_have_their_own_longer_limits():
    script = "from django.db import connection; c = connection.cursor(); c.execute('SHOW statement_timeout'); "
    script += "print(c.fetchone()[0]); c.execute('SHOW lock_timeout'); print(c.fetchone()[0])"
    env = {**os.environ, "TESTING": "false", "WORKER_STATEMENT_TIMEOUT": "900", "WORKER_LOCK_TIMEOUT": "45"}
    env["DATABASE_URL"] = raw_connection.database_url()
    output = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert output == ["15min", "45s"]


def test_gunicorn_is_threaded_and_waits_longer_than_postgresql():
    config = runpy.run_path(str(settings.BASE_DIR / "gunicorn.conf.py"))
    assert config["worker_class"] == "gthread"
    assert config["threads"] >= 2
    assert config["timeout"] > settings.DATABASE_STATEMENT_TIMEOUT
    assert config["threads"] <= settings.DATABASES["default"]["OPTIONS"]["pool"]["max_size"]


def test_a_connection_cut_by_a_database_restart_costs_nobody_a_request(professional, locker):
    """The pool checks each connection before lending it: those PostgreSQL terminated are replaced, not used."""
    client = Client()
    client.force_login(professional)
    assert client.get(reverse("home")).status_code == 200
    connection.close()  # back to the pool, as at the end of every request outside tests
    terminated = locker.execute(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
    ).fetchone()[0]
    locker.commit()
    assert terminated >= 1
    assert client.get(reverse("home")).status_code == 200
