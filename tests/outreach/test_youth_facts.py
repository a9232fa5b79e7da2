"""What outreach tells the youths app: the funnel facts and the timeline."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from outreach.youth_facts import timeline_entries
from tests.youths.factories import YouthFactory
from youths.models import Youth
from youths.timeline import entries_for

from .factories import NamedContactFactory, OnlineOutreachFactory, OutreachSessionFactory, PlaceFactory


def test_the_second_named_contact_makes_a_young_person_engaged(professional):
    youth = YouthFactory()
    first = OutreachSessionFactory(done=True, date=datetime.date(2026, 9, 2))
    second = OutreachSessionFactory(done=True, date=datetime.date(2026, 10, 7))
    planned = OutreachSessionFactory(date=datetime.date(2026, 10, 1))
    NamedContactFactory(session=second, youth=youth)
    NamedContactFactory(session=planned, youth=youth)  # not done: does not count
    annotated = Youth.objects.with_stage().get(pk=youth.pk)
    assert annotated.mobilised_on is None
    NamedContactFactory(session=first, youth=youth)
    annotated = Youth.objects.with_stage().get(pk=youth.pk)
    assert annotated.mobilised_on == datetime.date(2026, 10, 7)
    assert annotated.last_contact_on == datetime.date(2026, 10, 7)
    assert annotated.stage == "mobilised"


def test_the_timeline_lists_contacts_and_online_reach_in_three_queries(professional):
    youth = YouthFactory()
    for day in (2, 9, 16):
        session = OutreachSessionFactory(
            done=True, date=datetime.date(2026, 9, day), place=PlaceFactory(name=f"Square {day}")
        )
        NamedContactFactory(session=session, youth=youth, created_by=professional)
    for day in (3, 10):
        OnlineOutreachFactory(date=datetime.date(2026, 9, day)).youths.add(youth)
    with CaptureQueriesContext(connection) as captured:
        entries = timeline_entries(youth, professional)
    assert len(captured) <= 3  # contacts, their authors, online outreach
    assert len(entries) == 5
    assert {entry.kind for entry in entries} == {"contact", "online_contact"}
    assert any("Square 16" in entry.title and entry.author == professional.get_full_name() for entry in entries)
    assert any(entry.title == "Touché en ligne sur Instagram" for entry in entries)
    assert entries_for(youth, professional)  # registered with the youths timeline


def test_funders_get_no_timeline_entries(funder):
    youth = YouthFactory()
    NamedContactFactory(youth=youth)
    assert timeline_entries(youth, funder) == []
