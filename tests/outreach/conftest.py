import datetime

import pytest
from django.db.models import Case, DateField, Value, When

from youths import funnel


@pytest.fixture(autouse=True)
def today(monkeypatch):
    """The suite runs on a fixed day, Wednesday 25 November 2026."""
    fixed = datetime.date(2026, 11, 25)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: fixed)
    return fixed


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
