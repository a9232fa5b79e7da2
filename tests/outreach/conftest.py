import datetime

import pytest
from django.db.models import Case, DateField, Value, When

from outreach import session_figures
from youths import funnel


@pytest.fixture(autouse=True)
def today(monkeypatch):
    """The suite runs on a fixed day, Wednesday 25 November 2026."""
    fixed = datetime.date(2026, 11, 25)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: fixed)
    return fixed


@pytest.fixture(autouse=True)
def stored_session_figures_stay_current(request):
    """Whatever a test did through the app, the stored session figures and first contacts must equal those computed
    now: a write path that forgets to refresh them (a bulk write, a new signal-less path) fails its tests."""
    marker = request.node.get_closest_marker("django_db")
    uses_db = "db" in request.fixturenames or (marker is not None and not marker.kwargs.get("transaction"))
    if not uses_db or {"transactional_db", "live_server"} & set(request.fixturenames):
        yield
        return
    request.getfixturevalue("db")  # set up first, so the check below runs inside the test's transaction
    yield
    assert session_figures.stale() == {"sessions": [], "youths": []}, "stored session figures out of date"


@pytest.fixture
def pathway_starts(monkeypatch):
    """Set pathway start dates by hand, as accompaniment would: `pathway_starts({youth: date})`."""

    def set_starts(starts):
        expression = Case(
            *(When(pk=youth.pk, then=Value(day)) for youth, day in starts.items()),
            default=None,
            output_field=DateField(),
        )
        monkeypatch.setitem(funnel._providers, "pathway_started_on", [lambda: expression])
        funnel.refresh()

    return set_starts
