import datetime
import random

import pytest

from outreach import analytics, demo
from outreach.enums import PlaceKind, SessionStatus
from outreach.models import EncounterTally, NamedContact, OnlineOutreach, OutreachSession, Place
from reflex.demo import DemoContext
from youths import funnel

TODAY = datetime.date(2026, 11, 25)


def seed_everything(scale=1):
    from partners import demo as partners_demo
    from youths import demo as youths_demo

    for module in (partners_demo, youths_demo, demo):
        context = DemoContext(scale=scale, today=TODAY)
        context.rng = random.Random(f"2026-{module.__name__}")
        module.seed(context)
    funnel.refresh()  # as seed_all does after the apps' bulk writes


@pytest.mark.django_db
def test_the_demo_outreach_is_deterministic_idempotent_and_shows_the_seasons():
    seed_everything()
    done = OutreachSession.objects.filter(status=SessionStatus.DONE)
    counts = (Place.objects.count(), done.count(), EncounterTally.objects.count(), NamedContact.objects.count())
    assert counts[0] == len(demo.PLACES)
    assert 75 <= counts[1] <= 95
    assert counts[2] > counts[1] and counts[3] > 20
    assert OnlineOutreach.objects.count() == demo.ONLINE_PER_SCALE
    assert OutreachSession.objects.filter(status=SessionStatus.PLANNED, date__gt=TODAY, series__isnull=False).exists()
    assert not done.filter(date__gt=TODAY).exists()
    assert all(session.duration_minutes > 0 for session in done[:20])

    seed_everything()
    assert OutreachSession.objects.filter(status=SessionStatus.DONE).count() == counts[1]
    assert NamedContact.objects.count() == counts[3]

    start = datetime.date(2025, 9, 1)
    summer = analytics.summary(start, TODAY, place=None)
    assert summer["reach"] > 0 and summer["staff_hours"] > 0
    by_kind = {}
    for row in analytics.breakdown(start, TODAY, ("season", "place")):
        season, place_id = row["key"]
        kind = Place.objects.get(pk=place_id).kind
        figures = by_kind.setdefault((kind, season), [0, 0])
        figures[0] += row["reach"]
        figures[1] += row["staff_hours"]
    sports_summer = by_kind[(PlaceKind.SPORTS_GROUND, "summer")]
    sports_winter = by_kind[(PlaceKind.SPORTS_GROUND, "winter")]
    assert sports_summer[0] / sports_summer[1] > sports_winter[0] / sports_winter[1]
