"""The outreach PDF and the funder report show the recommended schedule for the month after their period (the top
slots, their expected yield per staff-hour, the sessions behind each and the uncertainty) and the relays'
contribution by kind of relay, never a relay's label."""

import datetime

import pytest

from outreach.models import Relay
from reflex.reports import documents
from reflex.reports.enums import ReportKind
from reflex.reports.models import GeneratedReport
from reflex.reports.pdf import render_html
from tests.outreach.factories import OutreachSessionFactory, PlaceFactory, TallyFactory

# A past period: the report covers November 2025, its schedule December 2025 (winter, Christmas holidays).
START, END = datetime.date(2025, 11, 1), datetime.date(2025, 11, 30)


@pytest.fixture
def winter_evidence(professional, colleague):
    """Five Wednesday afternoons at the market square the winter before, each bringing 6 young people in 6
    staff-hours (two staff, three hours), one of them through a named relay; a quiet place tried once."""
    market, quiet = PlaceFactory(name="Place du marché"), PlaceFactory(name="Square tranquille")
    baker = Relay.objects.create(label="La boulangère de la place", kind="shopkeeper", place=market)
    first = datetime.date(2025, 1, 8)  # a Wednesday
    for week in range(5):
        day = first + datetime.timedelta(weeks=week)
        session = OutreachSessionFactory(done=True, date=day, place=market, staff=[professional, colleague])
        TallyFactory(session=session, count=5, new_count=2)
    relayed = OutreachSessionFactory(done=True, date=datetime.date(2025, 11, 12), place=market, staff=[professional])
    TallyFactory(
        session=relayed, count=3, new_count=3, through_entourage=True, entourage_kind="shopkeeper", relay=baker
    )
    OutreachSessionFactory(done=True, date=datetime.date(2025, 1, 10), place=quiet, staff=[professional])
    return baker


def report_html(kind, user):
    report = GeneratedReport(kind=kind, period_start=START, period_end=END)
    report.author = user
    context = documents.outreach_context(report) if kind == ReportKind.OUTREACH else documents.funder_context(report)
    template = "reports/pdf/outreach.html" if kind == ReportKind.OUTREACH else "reports/pdf/funder.html"
    return context, render_html(template, context)


@pytest.mark.parametrize("kind", [ReportKind.OUTREACH, ReportKind.FUNDER])
def test_the_report_shows_next_month_s_schedule_and_the_relays_by_kind(kind, coordinator, winter_evidence):
    context, html = report_html(kind, coordinator)
    schedule = context["figures"]["schedule"] if kind == ReportKind.OUTREACH else context["schedule"]
    assert schedule["month"] == "2025-12" and schedule["season_label"] == "Hiver"
    best = schedule["slots"][0]
    assert (best["place"], best["weekday"], best["band"], best["sessions"]) == (
        "Place du marché",
        "mercredi",
        "Après-midi",
        5,
    )
    assert best["low"] < best["expected"] < best["high"] and not best["few_data"] and not best["exploration"]
    assert any(slot["exploration"] and slot["place"] == "Square tranquille" for slot in schedule["slots"])
    assert "Planning recommandé" in html and "Les créneaux conseillés pour 12/2025 (hiver)" in html
    assert "Place du marché" in html and "Vacances de Noël (20/12/2025 – 04/01/2026)" in html
    # The relays' contribution: counts by kind of relay, never the relay's label.
    relays_part = html.split(">Relais</h2>")[1].split("</table>")[0]
    assert "Commerçant·e</td>" in relays_part
    assert "La boulangère de la place" not in html


def test_the_report_s_schedule_keeps_to_plain_data(coordinator, winter_evidence):
    import json

    context, _html = report_html(ReportKind.OUTREACH, coordinator)
    json.dumps(context["figures"])  # kept with the report: JSON only
