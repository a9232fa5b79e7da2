"""The funder report's progress against the expected pace and its projection to the programme's end."""

import datetime

import pytest
from django.utils import timezone

from reflex.reports.indicators import Period, target_progress
from tests.partners.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_half_way_through_the_programme_half_the_target_is_expected():
    start = timezone.localdate() - datetime.timedelta(days=49)
    programme = ProgrammeFactory(start_date=start, end_date=start + datetime.timedelta(days=99), target_youths=190)
    headline = [{"key": "entered", "cumulated": 30}]

    progress = target_progress(programme, headline, Period(start, timezone.localdate()))

    assert progress == {
        "value": 30,
        "target": 190,
        "percent": 15.8,
        "expected": 95,
        "pace_percent": 31.6,
        "projection": 60,
    }


def test_without_a_programme_there_is_no_pace():
    progress = target_progress(
        None, [{"key": "entered", "cumulated": 3}], Period(timezone.localdate(), timezone.localdate())
    )
    assert (progress["expected"], progress["pace_percent"], progress["projection"]) == (None, None, None)
