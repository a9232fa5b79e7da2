"""The stored session figures and first named contacts the analytics read: kept current on every write path (the
pages, staff changes from either side, moves, deletions, merges, bulk writes). conftest.py also checks, after every
outreach test, that the stored rows equal those computed afresh."""

import datetime
from datetime import time

import pytest
from django.db import connection
from django.urls import reverse

from outreach import analytics, planning, session_figures
from outreach.enums import EntourageKind, SessionMode, SessionStatus
from outreach.models import EncounterTally, FirstNamedContact, NamedContact, OutreachSession, SessionFigures
from tests.partners.factories import UserFactory
from tests.submission_tokens import with_token
from tests.youths.factories import YouthFactory
from youths import duplicates, funnel

from .factories import NamedContactFactory, OutreachSessionFactory, PlaceFactory, TallyFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
START, END = datetime.date(2026, 1, 1), datetime.date(2026, 11, 25)
EARLY, LATE = datetime.date(2026, 3, 4), datetime.date(2026, 3, 18)


def _figures(session):
    return SessionFigures.objects.filter(session=session).first()


def _first_session(youth):
    return FirstNamedContact.objects.filter(youth=youth).values_list("session_id", flat=True).first()


def _log_data(session, staff, **extra):
    return {
        "date": session.date.isoformat(),
        "start_time": "14:10",
        "end_time": "16:50",
        "place": session.place_id,
        "mode": "on_foot",
        "staff": [member.pk for member in staff],
        "activity": "Atelier CV",
        "activity_attendance": "6",
        **extra,
    }


def test_logging_a_session_through_its_pages_stores_what_the_analytics_page_shows(
    professional_client, professional, colleague
):
    session = OutreachSessionFactory(
        date=datetime.date(2026, 11, 18), place=PlaceFactory(name="Gare"), staff=[professional]
    )
    assert _figures(session) is None  # planned: no figures
    tally_url = reverse("outreach:tally_add", args=[session.pk])
    direct = {"count": "6", "new_count": "2", "channel": "direct", "age_band": "18-25", "sex": "M"}
    professional_client.post(tally_url, with_token(direct), **HTMX)  # the first row marks the past session done
    professional_client.post(
        tally_url,
        with_token(
            {"count": "2", "new_count": "2", "channel": "entourage", "entourage_kind": "sibling", "age_band": "16-17"}
            | {"sex": "F"}
        ),
        **HTMX,
    )
    youth = YouthFactory()
    professional_client.post(
        reverse("outreach:contact_add", args=[session.pk]),
        with_token({"youth": youth.pk, "kind": "first", "channel": "direct", "outcome": "appointment"}),
        **HTMX,
    )
    professional_client.post(
        reverse("outreach:session_log", args=[session.pk]), _log_data(session, [professional, colleague])
    )
    stored = _figures(session)
    assert (stored.place_id, stored.date, stored.weekday, stored.hour, stored.month, stored.mode) == (
        session.place_id,
        datetime.date(2026, 11, 18),
        3,
        14,
        datetime.date(2026, 11, 1),
        SessionMode.ON_FOOT,
    )
    assert (stored.staff_minutes, stored.activity_attendance) == (2 * 160, 6)
    assert (stored.encounters, stored.new_encounters, stored.entourage_encounters, stored.entourage_sibling) == (
        8,
        4,
        2,
        2,
    )
    assert (stored.named_contacts, _first_session(youth)) == (1, session.pk)
    page = professional_client.get(reverse("outreach:analytics") + "?start=2026-11-01&end=2026-11-25")
    assert page.context["summary"]["reach"] == 9 and page.context["summary"]["new_youths"] == 1
    assert page.context["entourage"]["by_kind"][1] == {"key": "sibling", "label": "Frère ou sœur", "count": 2}

    tally = EncounterTally.objects.get(session=session, channel="entourage")
    professional_client.post(reverse("outreach:tally_delete", args=[session.pk, tally.pk]), **HTMX)
    contact = NamedContact.objects.get(session=session)
    professional_client.post(reverse("outreach:contact_delete", args=[session.pk, contact.pk]), **HTMX)
    stored = _figures(session)
    assert (stored.encounters, stored.entourage_sibling, stored.named_contacts) == (6, 0, 0)
    assert _first_session(youth) is None
    summary = professional_client.get(reverse("outreach:analytics") + "?start=2026-11-01&end=2026-11-25").context
    assert (summary["summary"]["reach"], summary["summary"]["new_youths"]) == (6, 0)


def test_a_session_logged_without_a_plan_stores_its_staff(professional_client, professional, colleague):
    place = PlaceFactory()
    data = _log_data(OutreachSession(date=datetime.date(2026, 11, 24), place=place), [professional, colleague])
    assert professional_client.post(reverse("outreach:session_log_new"), with_token(data)).status_code == 302
    session = OutreachSession.objects.get()
    assert session.status == SessionStatus.DONE
    assert _figures(session).staff_minutes == 2 * 160


def test_the_first_contact_follows_the_dates_and_statuses_of_the_sessions(coordinator_client, coordinator):
    youth = YouthFactory()
    early = OutreachSessionFactory(done=True, date=EARLY, staff=[coordinator])
    late = OutreachSessionFactory(done=True, date=LATE, staff=[coordinator])
    NamedContactFactory(session=late, youth=youth)
    NamedContactFactory(session=early, youth=youth)
    assert _first_session(youth) == early.pk

    data = _log_data(early, [coordinator], date="2026-03-25")  # the early session was in fact later
    assert coordinator_client.post(reverse("outreach:session_log", args=[early.pk]), data).status_code == 302
    assert _first_session(youth) == late.pk
    assert analytics.breakdown(START, END, "month")[0]["new_youths"] == 1

    late.status = SessionStatus.CANCELLED
    late.save(update_fields=["status"])
    assert _figures(late) is None and _first_session(youth) == early.pk

    early_pk = early.pk
    early.delete()  # the admin's delete: its contacts go first, then its rows
    connection.check_constraints()  # the deferred foreign keys hold
    assert not SessionFigures.objects.filter(session_id=early_pk).exists() and _first_session(youth) is None
    assert analytics.summary(START, END)["sessions"] == 0


def test_staff_changes_from_either_side_and_a_deleted_staff_member(professional, colleague):
    session = OutreachSessionFactory(done=True, date=EARLY, start_time=time(14), end_time=time(16))
    session.staff.add(professional)
    assert _figures(session).staff_minutes == 120
    colleague.outreach_sessions.add(session)
    assert _figures(session).staff_minutes == 240
    session.staff.remove(professional)
    assert _figures(session).staff_minutes == 120
    leaving = UserFactory()
    session.staff.set([colleague, leaving])
    assert _figures(session).staff_minutes == 240
    leaving.delete()
    assert _figures(session).staff_minutes == 120
    colleague.outreach_sessions.clear()
    assert _figures(session).staff_minutes == 0
    assert analytics.summary(START, END)["staff_hours"] == 0


def test_a_contact_or_a_tally_moved_to_another_session_or_young_person_refreshes_both():
    first, second = OutreachSessionFactory(done=True, date=EARLY), OutreachSessionFactory(done=True, date=LATE)
    youth, other = YouthFactory(), YouthFactory()
    contact = NamedContactFactory(session=first, youth=youth)
    tally = TallyFactory(session=first, count=4)
    contact.session, tally.session = second, second
    contact.save()
    tally.save()
    assert (_figures(first).named_contacts, _figures(first).encounters) == (0, 0)
    assert (_figures(second).named_contacts, _figures(second).encounters) == (1, 4)
    assert _first_session(youth) == second.pk
    contact.youth = other
    contact.save()
    assert (_first_session(youth), _first_session(other)) == (None, second.pk)


def test_a_merge_gives_the_kept_record_the_earliest_first_contact(coordinator):
    early, late = OutreachSessionFactory(done=True, date=EARLY), OutreachSessionFactory(done=True, date=LATE)
    kept, merged = YouthFactory(), YouthFactory()
    NamedContactFactory(session=late, youth=kept)
    NamedContactFactory(session=early, youth=merged)
    assert analytics.summary(START, END)["new_youths"] == 2
    duplicates.merge(kept, merged, by=coordinator)  # moves the contacts with an UPDATE
    assert (_first_session(kept), _first_session(merged)) == (early.pk, None)
    assert analytics.summary(START, END)["new_youths"] == 1


def test_planned_series_get_their_figures_once_done(professional_client, professional, colleague):
    """Sessions planned in series get their staff in bulk (no signal): their figures are computed when logged."""
    sessions = planning.create_sessions(
        {"start_time": time(14), "end_time": time(17), "place": PlaceFactory(), "mode": SessionMode.TRUCK},
        staff=[professional, colleague],
        organisations=[],
        dates=[datetime.date(2026, 11, 20), datetime.date(2026, 11, 27)],
        user=professional,
    )
    assert not SessionFigures.objects.exists()
    professional_client.post(
        reverse("outreach:tally_add", args=[sessions[0].pk]),
        with_token({"count": "1", "channel": "direct", "age_band": "unknown", "sex": "X"}),
        **HTMX,
    )
    assert list(SessionFigures.objects.values_list("session_id", "staff_minutes")) == [(sessions[0].pk, 2 * 180)]


def test_bulk_writes_are_caught_up_by_refresh():
    session = OutreachSessionFactory(done=True, date=EARLY)
    youth = YouthFactory()
    EncounterTally.objects.bulk_create([EncounterTally(session=session, count=3, new_count=1)])
    NamedContact.objects.bulk_create([NamedContact(session=session, youth=youth)])
    assert session_figures.stale() == {"sessions": [session.pk], "youths": [youth.pk]}
    session_figures.refresh()
    funnel.refresh([youth.pk])  # the funnel too: a named contact is one of its facts
    assert session_figures.stale() == {"sessions": [], "youths": []}
    assert (analytics.summary(START, END)["encounters"], analytics.summary(START, END)["new_youths"]) == (3, 1)


def test_every_kind_of_entourage_has_its_stored_column():
    stored = {field.name for field in SessionFigures._meta.get_fields()}
    assert {f"entourage_{kind}" for kind in EntourageKind.values} <= stored


def test_the_stored_figures_read_are_those_of_the_done_sessions_the_filters_select():
    gare, parc = PlaceFactory(name="Gare"), PlaceFactory(name="Parc")
    for day, place, mode, status in [
        (EARLY, gare, SessionMode.TRUCK, SessionStatus.DONE),
        (LATE, gare, SessionMode.ON_FOOT, SessionStatus.DONE),
        (LATE, parc, SessionMode.TRUCK, SessionStatus.DONE),
        (LATE, parc, SessionMode.TRUCK, SessionStatus.CANCELLED),
        (datetime.date(2025, 12, 31), parc, SessionMode.TRUCK, SessionStatus.DONE),
    ]:
        OutreachSessionFactory(date=day, place=place, mode=mode, status=status)
    for filters in ({}, {"place": gare}, {"neighbourhood": parc.neighbourhood_id}, {"mode": SessionMode.TRUCK}):
        figures = analytics.OutreachFigures(START, END, **filters)
        stored = set(figures.stored_figures.values_list("session_id", flat=True))
        assert stored == set(analytics.done_sessions(START, END, **filters).values_list("pk", flat=True))
        assert figures.summary()["sessions"] == len(stored)
