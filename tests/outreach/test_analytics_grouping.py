"""The grouped analytics query: which contact is a young person's first, when a pathway counts, sessions with nothing
logged, and a query count that does not grow with the data."""

import datetime
from datetime import time

import pytest

from outreach import analytics
from outreach.enums import SessionMode
from tests.partners.factories import UserFactory
from tests.youths.factories import YouthFactory
from youths.models import Youth

from .factories import NamedContactFactory, OutreachSessionFactory, PlaceFactory, TallyFactory

pytestmark = pytest.mark.django_db

START, END = datetime.date(2026, 1, 1), datetime.date(2026, 11, 25)
DAY = datetime.date(2026, 3, 4)


def _by_place(**filters):
    return {row["label"]: row for row in analytics.breakdown(START, END, "place", **filters)}


def test_the_first_contact_is_the_earliest_session_then_the_earliest_start_then_the_first_logged():
    morning, afternoon = PlaceFactory(name="Matin"), PlaceFactory(name="Après-midi")
    twin_a, twin_b = PlaceFactory(name="Jumeau A"), PlaceFactory(name="Jumeau B")
    early = OutreachSessionFactory(done=True, date=DAY, start_time=time(9), end_time=time(11), place=morning)
    late = OutreachSessionFactory(done=True, date=DAY, start_time=time(15), end_time=time(17), place=afternoon)
    same_a = OutreachSessionFactory(done=True, date=DAY, place=twin_a)
    same_b = OutreachSessionFactory(done=True, date=DAY, place=twin_b)
    youth, twin = YouthFactory(), YouthFactory()
    NamedContactFactory(session=late, youth=youth)  # logged first, but the session started later that day
    NamedContactFactory(session=early, youth=youth)
    NamedContactFactory(session=same_b, youth=twin)  # same day and hour: the contact logged first wins
    NamedContactFactory(session=same_a, youth=twin)
    rows = _by_place()
    assert {label: (row["named_contacts"], row["new_youths"]) for label, row in rows.items()} == {
        "Matin": (1, 1),
        "Après-midi": (1, 0),
        "Jumeau A": (1, 0),
        "Jumeau B": (1, 1),
    }


def test_only_done_sessions_make_a_first_contact_and_the_period_does_not_change_which_one():
    place = PlaceFactory(name="Gare")
    youth = YouthFactory()
    NamedContactFactory(session=OutreachSessionFactory(cancelled=True, date=DAY, place=place), youth=youth)
    before = OutreachSessionFactory(done=True, date=datetime.date(2025, 12, 10), place=place)
    inside = OutreachSessionFactory(done=True, date=DAY + datetime.timedelta(days=7), place=place)
    NamedContactFactory(session=inside, youth=youth)
    assert analytics.summary(START, END)["new_youths"] == 1  # the cancelled session's contact is no first contact
    NamedContactFactory(session=before, youth=youth)
    assert analytics.summary(START, END)["new_youths"] == 0  # first met before the period
    assert analytics.summary(datetime.date(2025, 12, 1), END)["new_youths"] == 1


def test_a_pathway_counts_from_the_day_of_the_first_contact_on(pathway_starts):
    place = PlaceFactory(name="Stade")
    on_the_day, day_before, never, met_twice = (YouthFactory() for _ in range(4))
    first = OutreachSessionFactory(done=True, date=DAY, place=place)
    second = OutreachSessionFactory(done=True, date=DAY + datetime.timedelta(days=14), place=place)
    for youth in (on_the_day, day_before, never, met_twice):
        NamedContactFactory(session=first, youth=youth)
    NamedContactFactory(session=second, youth=met_twice)
    pathway_starts(
        {on_the_day: DAY, day_before: DAY - datetime.timedelta(days=1), met_twice: DAY + datetime.timedelta(days=30)}
    )
    figures = analytics.summary(START, END)
    assert (figures["named_contacts"], figures["new_youths"], figures["pathway_entries"]) == (5, 4, 2)
    assert {row["key"].month: row["pathway_entries"] for row in analytics.breakdown(START, END, "month")} == {3: 2}


def test_pathway_starts_are_those_with_stage_reads(pathway_starts):
    started, not_started = YouthFactory(), YouthFactory()
    pathway_starts({started: DAY})
    stored = {row["youth_id"]: row["pathway_started_on"] for row in analytics._pathway_starts()}
    with_stage = dict(
        Youth.objects.with_stage().filter(pathway_started_on__isnull=False).values_list("pk", "pathway_started_on")
    )
    assert stored == with_stage == {started.pk: DAY}
    assert not_started.pk not in stored


def test_a_session_with_nothing_logged_still_counts_as_effort_free_presence():
    OutreachSessionFactory(done=True, date=DAY, place=PlaceFactory(name="Parc"))
    row = _by_place()["Parc"]
    assert (row["sessions"], row["staff_hours"], row["encounters"], row["named_contacts"], row["reach"]) == (
        1,
        0,
        0,
        0,
        0,
    )
    assert row["reach_per_staff_hour"] == 0


def test_staff_minutes_are_duration_times_staff_present_per_session():
    place = PlaceFactory(name="Marché")
    two, three = [UserFactory(), UserFactory()], [UserFactory(), UserFactory(), UserFactory()]
    OutreachSessionFactory(done=True, date=DAY, start_time=time(9), end_time=time(10, 30), place=place, staff=two)
    OutreachSessionFactory(done=True, date=DAY, start_time=time(14), end_time=time(16), place=place, staff=three)
    assert _by_place()["Marché"]["staff_hours"] == 9  # 1.5 h × 2 + 2 h × 3


@pytest.mark.parametrize("extra_sessions", [0, 30])
def test_the_figures_cost_two_queries_whatever_the_rows_and_filters(extra_sessions, django_assert_num_queries):
    place = PlaceFactory()
    staff = [UserFactory(), UserFactory()]
    for day in range(extra_sessions):
        session = OutreachSessionFactory(
            done=True, date=DAY + datetime.timedelta(days=day), place=place, staff=staff, mode=SessionMode.ON_FOOT
        )
        TallyFactory(session=session)
        TallyFactory(session=session, through_entourage=True)
        NamedContactFactory(session=session)
    for filters in ({}, {"place": place}, {"neighbourhood": place.neighbourhood_id}, {"mode": SessionMode.ON_FOOT}):
        figures = analytics.OutreachFigures(START, END, **filters)
        with django_assert_num_queries(3):  # the grouped figures, online outreach, the named young people once
            figures.summary()
            for dimension in analytics.DIMENSIONS:
                figures.breakdown(dimension)
            figures.heat_map()
            figures.recommended_schedule()
            figures.entourage()
            figures.online_vs_in_person()
        assert figures.summary()["sessions"] == extra_sessions
        assert figures.summary()["named_contacts"] == extra_sessions
        assert figures.summary()["named_youths"] == extra_sessions
        assert figures.entourage()["entourage"] == 3 * extra_sessions


def test_entourage_encounters_without_a_kind_count_in_the_entourage_but_in_no_kind():
    session = OutreachSessionFactory(done=True, date=DAY)
    TallyFactory(session=session, count=5)
    TallyFactory(session=session, count=2, through_entourage=True)
    TallyFactory(session=session, count=4, channel="entourage", entourage_kind="")
    TallyFactory(session=OutreachSessionFactory(date=DAY), count=9)  # planned: not counted
    split = analytics.entourage(START, END)
    assert (split["direct"], split["entourage"]) == (5, 6)
    assert {row["key"]: row["count"] for row in split["by_kind"] if row["count"]} == {"sibling": 2}
    assert analytics.summary(START, END)["entourage_encounters"] == 6


def test_a_young_person_named_twice_is_two_contacts_and_one_young_person():
    """ "Jeunes touchés" once counted contacts: the contacts are labelled as such, the people counted once."""
    youth = YouthFactory()
    for day in (0, 7):
        session = OutreachSessionFactory(done=True, date=DAY + datetime.timedelta(days=day))
        NamedContactFactory(session=session, youth=youth)
        TallyFactory(session=session, count=2)
    summary = analytics.OutreachFigures(START, END).summary()
    assert (summary["named_contacts"], summary["named_youths"], summary["reach"]) == (2, 1, 6)
