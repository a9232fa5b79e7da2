"""The standard people of the test suite and their logged-in clients; a check every database test ends with; the
suite's clock; the suite's database role (the application's, which owns nothing: tests/app_role.py)."""

import datetime
import os

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from tests import app_role
from tests.partners.factories import OrganisationFactory, ProgrammeFactory, UserFactory

_moved_clock = None


def pytest_configure(config):
    """`REFLEX_TEST_NOW=<ISO 8601 instant>` runs the whole suite with the clock moved there and ticking (CI moves it a
    year ahead, and to just after midnight in Paris while UTC is still on the day before), so that no test can pass
    only on the day it was written. PostgreSQL's clock, and that of any process a test starts, are not moved: the app
    takes its dates from Python, but for the access journal's purge, which reads the database's clock as its guard
    does (tests date such entries with `reflex.audit.journal.database_now()`)."""
    global _moved_clock
    moved_to = os.environ.get("REFLEX_TEST_NOW")
    if moved_to:
        _moved_clock = time_machine.travel(datetime.datetime.fromisoformat(moved_to), tick=True)
        _moved_clock.start()


def pytest_unconfigure(config):
    if _moved_clock is not None:
        _moved_clock.stop()


def pytest_report_header(config):
    if _moved_clock is not None:
        return f"clock moved to {os.environ['REFLEX_TEST_NOW']} (REFLEX_TEST_NOW)"
    return None


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """The owner role creates and migrates the test database (tests/app_role.py)."""
    app_role.connect_as_owner_for_setup()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Then every test runs as the application's role, which owns nothing (tests/app_role.py)."""
    with django_db_blocker.unblock():
        app_role.connect_as_app_role()
    yield
    app_role.connect_as_owner_for_teardown()


# Tests that replace the funnel's providers with their own store facts the real providers would not give.
FAKE_FUNNEL_FIXTURES = {"only_these_facts", "pathway_starts"}


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: what an earlier test cached (its rows since rolled back) must not
    show in the next one."""
    cache.clear()


def _runs_in_a_test_transaction(request):
    marker = request.node.get_closest_marker("django_db")
    uses_db = "db" in request.fixturenames or (marker is not None and not marker.kwargs.get("transaction"))
    transactional = {"transactional_db", "live_server"} & set(request.fixturenames)
    return uses_db and not transactional


@pytest.fixture(autouse=True)
def stored_figures_stay_current(request):
    """Whatever a test did through the app, the stored funnel facts and outreach session figures must equal what is
    computed now: a write path that forgets to refresh them (a bulk update, a new source of facts) fails the tests
    that exercise it."""
    if not _runs_in_a_test_transaction(request):
        yield
        return
    request.getfixturevalue("db")  # set up first, so the checks below run inside the test's transaction
    yield
    from outreach import session_figures
    from youths import funnel

    if not FAKE_FUNNEL_FIXTURES & set(request.fixturenames):
        assert funnel.stale_youth_ids() == [], "stored funnel facts out of date: see youths/funnel.py"
    assert session_figures.stale() == {"sessions": [], "youths": []}, (
        "stored session figures out of date: see outreach/session_figures.py"
    )


@pytest.fixture
def programme(db):
    return ProgrammeFactory()


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Mission Locale Nord-Isère", short_name="MLNI")


@pytest.fixture
def other_organisation(db):
    return OrganisationFactory(name="Association Tremplin", short_name="Tremplin")


@pytest.fixture
def coordinator(organisation):
    return UserFactory(coordinator=True, organisation=organisation, first_name="Claire")


@pytest.fixture
def professional(organisation):
    """The referent of the young people in most tests."""
    return UserFactory(organisation=organisation, first_name="Karim")


@pytest.fixture
def colleague(organisation):
    """A professional of the same partner who is not the referent."""
    return UserFactory(organisation=organisation, first_name="Sophie")


@pytest.fixture
def outsider(other_organisation):
    """A professional of another partner."""
    return UserFactory(organisation=other_organisation, first_name="Nadia")


@pytest.fixture
def funder(db):
    return UserFactory(funder=True, first_name="Marc")


@pytest.fixture
def deactivated(organisation):
    return UserFactory(organisation=organisation, deactivated=True)


def _client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def coordinator_client(coordinator):
    return _client_for(coordinator)


@pytest.fixture
def professional_client(professional):
    return _client_for(professional)


@pytest.fixture
def outsider_client(outsider):
    return _client_for(outsider)


@pytest.fixture
def funder_client(funder):
    return _client_for(funder)
