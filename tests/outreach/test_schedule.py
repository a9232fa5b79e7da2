"""The recommended schedule: the period, the ranking (figures worked out by hand below), exploration, holidays and
marked periods, how often to return, the map, and one tap from a slot to planned sessions.

The suite's day is Wednesday 25 November 2026 (tests/outreach/conftest.py)."""

import datetime
import re
import uuid
from datetime import time, timedelta
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from outreach import analytics, schedule
from outreach.models import MarkedPeriod, OutreachSession, Relay, TerritoryOutline
from outreach.revisits import by_place
from reflex.typography import french_spacing as fr
from tests.partners.factories import UserFactory
from tests.submission_tokens import with_token

from .factories import NamedContactFactory, OutreachSessionFactory, PlaceFactory, TallyFactory


def test_the_default_period_is_next_month_and_the_season_follows_it(db):
    first_of_december = datetime.date(2026, 12, 1)
    period = schedule.parse_period(None, first_of_december)
    assert (period.start, period.end, period.season) == (
        datetime.date(2027, 1, 1),
        datetime.date(2027, 1, 31),
        "winter",
    )
    # The analytics page's schedule, computed on 1 December, is for the winter (it said "spring").
    assert analytics.OutreachFigures(datetime.date(2026, 1, 1), first_of_december).recommended_schedule(limit=1)[
        "season"
    ] == ("winter")


def test_a_season_or_another_month_can_be_chosen(today):
    keys = [period.key for period in schedule.period_choices(today)]
    assert keys[:2] == ["2026-11", "2026-12"] and "2027-11" in keys and len(keys) == 17
    assert keys[13:] == ["autumn-2026", "winter-2026", "spring-2027", "summer-2027"]
    winter = schedule.parse_period("winter-2026", today)
    assert (winter.start, winter.end) == (datetime.date(2026, 12, 1), datetime.date(2027, 2, 28))
    assert schedule.parse_period("nonsense", today).key == "2026-12"


def test_the_credible_interval_by_hand():
    # prior 1.5 per staff-hour weighing 6 h: a = 9 + 24 = 33, b = 6 + 12 = 18, mean 33/18 = 1.8333;
    # Wilson–Hilferty: 1/(9a) = 0.003367, √ = 0.058026; (1 − 0.003367 ∓ 1.2816 × 0.058026)³ = 0.7845 / 1.2285.
    mean, low, high = schedule.gamma_poisson(24, 12, 1.5)
    assert round(mean, 4) == 1.8333
    assert (round(low, 2), round(high, 2)) == (1.44, 2.25)


@pytest.fixture
def winter(professional, colleague):
    """Winter 2025-2026 (same season as the chosen period, winter 2026):
    Gare: 3 Wednesdays of January 2026, 14–17, 2 staff (6 staff-hours each, 18 in all), 9 met each: 27 reached.
    Collège: 3 Mondays of February 2026, 10–12, 1 staff (2 staff-hours each, 6 in all), 4 met each: 12 reached.
    Square: 1 Wednesday of January 2026, 14–17, 1 staff (3 staff-hours), 12 met.
    A summer session at the Gare (July 2026) does not count for the winter.
    Season average = 51 reached / 27 staff-hours = 1.8889 per staff-hour, a0 = 11.333, b0 = 6:
    Gare (11.333 + 27) / (6 + 18) = 1.60; Collège (11.333 + 12) / (6 + 6) = 1.94; Square (11.333 + 12) / 9 = 2.59.
    Only the Collège does better than the average (an untried slot's expectation): it is the one slot with evidence.
    """
    gare, college, square = (
        PlaceFactory(name=name, latitude=lat, longitude=lon)
        for name, lat, lon in (("Gare", 45.19, 5.72), ("Collège", 45.17, 5.70), ("Square", None, None))
    )
    for day in (7, 14, 21):
        session = OutreachSessionFactory(
            done=True, date=datetime.date(2026, 1, day), place=gare, staff=[professional, colleague]
        )
        TallyFactory(session=session, count=9, new_count=2)
    for day in (2, 9, 16):
        session = OutreachSessionFactory(
            done=True,
            date=datetime.date(2026, 2, day),
            start_time=time(10, 0),
            end_time=time(12, 0),
            place=college,
            staff=[professional],
        )
        TallyFactory(session=session, count=4, new_count=1)
    session = OutreachSessionFactory(done=True, date=datetime.date(2026, 1, 28), place=square, staff=[professional])
    TallyFactory(session=session, count=12, new_count=5)
    summer = OutreachSessionFactory(done=True, date=datetime.date(2026, 7, 1), place=gare, staff=[professional])
    TallyFactory(session=summer, count=30, new_count=30)
    MarkedPeriod.objects.create(
        label="Ramadan", starts_on=datetime.date(2027, 2, 8), ends_on=datetime.date(2027, 2, 27)
    )
    return {"gare": gare, "college": college, "square": square}


def test_slots_ranked_by_expected_yield_with_the_sessions_behind_them(winter, today):
    plan = schedule.recommend(schedule.parse_period("winter-2026", today), today, slots=4)
    assert plan["prior_rate"] == 1.89
    assert plan["evidence_sessions"] == 7
    assert [(s["place"], s["weekday"], s["band"], s["sessions"], s["expected"]) for s in plan["slots"]] == [
        ("Collège", 1, "morning", 3, 1.94),
    ]
    assert plan["slots"][0]["observed"] == 2.0
    # The Gare's Wednesday afternoons (1.60) are expected to do worse than an untried slot (1.89): the plan explores
    # instead, and fills with them only when nothing is left to explore.
    chosen, _exploration = schedule.choose_slots(
        {("gare",): (3, 1080, 27), ("collège",): (3, 360, 12)},
        [("gare",), ("collège",)],
        51 / 27,
        slots=4,
        exploration_share=0.25,
    )
    assert chosen == [("collège",), ("gare",)]
    # Exploration: the rarely tried slot with the highest upper bound first (the Square's single good session).
    first = plan["exploration"][0]
    assert (first["place"], first["weekday"], first["band"], first["sessions"], first["expected"]) == (
        "Square",
        3,
        "afternoon",
        1,
        2.59,
    )
    assert first["few_data"] and len(plan["exploration"]) == 3
    # The first Monday from December on, weekly to the last one of February; Christmas holidays flagged.
    college = plan["slots"][0]
    assert college["dates"][0] == datetime.date(2026, 12, 7) and college["dates"][-1] == datetime.date(2027, 2, 22)
    flagged = dict(college["flagged_dates"])
    assert flagged[datetime.date(2026, 12, 21)] == ["Vacances de Noël"]
    assert flagged[datetime.date(2027, 2, 15)] == ["Ramadan", "Vacances d’hiver"]
    assert flagged[datetime.date(2027, 1, 11)] == []


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        assert response.status_code == 200
    return len(captured), response.content.decode()


def test_the_schedule_page_with_a_constant_number_of_queries(professional_client, winter, today):
    url = reverse("outreach:schedule") + "?period=winter-2026"
    before, page = _queries(professional_client, url)
    assert "Collège" in page and "peu de données" in page and "Ramadan" in page
    assert "Vacances de Noël" in page and "académie de Grenoble" in page
    assert 'fill="#0072B2"' in page and fr("meilleur jour : lundi") in unescape(
        page
    )  # the Collège, coloured by its Mondays
    assert "<circle" in page and 'href="http' not in page.split("place-map")[1].split("</svg>")[0]
    staff = [UserFactory(), UserFactory()]
    for index in range(12):
        place = PlaceFactory(latitude=45 + index / 100, longitude=5.7)
        session = OutreachSessionFactory(
            done=True, date=datetime.date(2026, 1, 5) + timedelta(days=index), place=place, staff=staff
        )
        TallyFactory(session=session)
    MarkedPeriod.objects.create(label="Fête", starts_on=datetime.date(2026, 12, 5), ends_on=datetime.date(2026, 12, 6))
    for index in range(3):
        relay = Relay.objects.create(label=f"Relais {index}", kind="friend", place=place)
        created = timezone.make_aware(datetime.datetime.combine(today, datetime.time(12))) - timedelta(days=100)
        Relay.objects.filter(pk=relay.pk).update(created_at=created)
    # More of every kind of row the page reads: visits in a row at a place (how often to return), relays recorded on
    # tallies and contacts, the territory's outlines, another season's sessions.
    for week in range(4):
        session = OutreachSessionFactory(
            done=True, date=datetime.date(2026, 1, 6) + timedelta(weeks=week), place=winter["college"], staff=staff
        )
        TallyFactory(session=session, through_entourage=True, relay=relay)
        NamedContactFactory(session=session, channel="entourage", entourage_kind="friend", relay=relay)
    TerritoryOutline.objects.create(
        name="Quartiers", areas=[{"name": "Centre", "polygons": [[[5.70, 45.17], [5.72, 45.17], [5.72, 45.19]]]}]
    )
    after, page = _queries(professional_client, url)
    assert "Relais à revoir" in page and "Relais 2" in page
    assert after == before
    assert before < 25  # the page is not cached: every visit runs them (bench/run.py times it at department scale)


def test_the_default_page_is_for_next_month(professional_client, winter):
    page = professional_client.get(reverse("outreach:schedule")).content.decode()
    assert "12/2026" in page and "1 décembre 2026" in page


def test_funders_and_outsiders_do_not_see_the_schedule(funder_client):
    assert funder_client.get(reverse("outreach:schedule")).status_code == 403


def test_one_tap_from_a_slot_to_planned_sessions_once(professional_client, professional, winter):
    url = (
        reverse("outreach:schedule_plan") + f"?place={winter['college'].pk}&weekday=1&band=morning&period=winter-2026"
    )
    page = professional_client.get(url).content.decode()
    assert 'value="2026-12-07"' in page and 'value="2027-02-22"' in page
    assert 'value="10:00"' in page and 'value="12:00"' in page
    assert f'action="{reverse("outreach:session_create")}"' in page
    data = {
        "date": "2026-12-07",
        "start_time": "10:00",
        "end_time": "12:00",
        "place": winter["college"].pk,
        "mode": "truck",
        "staff": [professional.pk],
        "repeat": "on",
        "interval_weeks": 1,
        "until": "2027-02-22",
        "submission_token": str(uuid.uuid4()),
    }
    response = professional_client.post(reverse("outreach:session_create"), data)
    assert response.status_code == 302
    # A double tap plans nothing more (the planning form sees the clash with the sessions just planned).
    professional_client.post(reverse("outreach:session_create"), data)
    planned = OutreachSession.objects.planned().filter(place=winter["college"])
    assert planned.count() == 12
    assert all(session.staff.get() == professional for session in planned)


def test_a_slot_with_no_date_left_is_refused(professional_client, winter):
    # Autumn 2026 ends on 30 November: no Wednesday is left after today (Wednesday 25 November).
    url = reverse("outreach:schedule_plan") + f"?place={winter['gare'].pk}&weekday=3&band=afternoon&period=autumn-2026"
    response = professional_client.get(url, follow=True)
    assert "plus aucune date" in response.content.decode()
    assert professional_client.get(reverse("outreach:schedule_plan") + "?place=x").status_code == 400


def test_coordinators_mark_periods_with_checked_dates(coordinator_client, professional_client, today):
    url = reverse("outreach:marked_period_add")
    good = {"label": "Fête du quartier", "kind": "local_event", "starts_on": "2026-12-12", "ends_on": "2026-12-13"}
    assert professional_client.post(url, with_token(good)).status_code == 403
    assert coordinator_client.post(url, with_token(good)).status_code == 302
    bad = {**good, "starts_on": "2026-12-20"}
    response = coordinator_client.post(url, with_token(bad))
    assert (
        response.status_code == 400 and "La fin de la période doit être après son début." in response.content.decode()
    )
    assert list(MarkedPeriod.objects.values_list("label", flat=True)) == ["Fête du quartier"]
    page = coordinator_client.get(reverse("outreach:schedule")).content.decode()
    assert "Fête du quartier" in page
    marked = MarkedPeriod.objects.get()
    coordinator_client.post(reverse("outreach:marked_period_delete", args=[marked.pk]))
    assert not MarkedPeriod.objects.exists()


def test_how_often_to_return_by_days_since_the_previous_visit(professional, today):
    """Weekly on days 0, 7, 14, 21 (1 new each after the first, which brings 2), then every 14 days on 35, 49, 63
    (3 new each): within 7 days 3 new / 9 h = 0.33; 8–14 days 9 / 9 h = 1.0 → every two weeks."""
    place = PlaceFactory(name="Parc")
    start = today - timedelta(days=200)
    for offset, new in ((0, 2), (7, 1), (14, 1), (21, 1), (35, 3), (49, 3), (63, 3)):
        session = OutreachSessionFactory(
            done=True, date=start + timedelta(days=offset), place=place, staff=[professional]
        )
        TallyFactory(session=session, count=5, new_count=new)
    [row] = by_place(today - timedelta(days=365), today, {place.pk: "Parc"})
    assert [(cell["sessions"], cell["new"], cell["new_per_staff_hour"]) for cell in row["bands"]] == [
        (1, 2, 0.67),
        (3, 3, 0.33),
        (3, 9, 1.0),
        (0, 0, None),
        (0, 0, None),
    ]
    assert row["recommended"] == "toutes les deux semaines"
    # By visit rank: 1st (2 new / 3 h), 2nd (1 / 3 h), 3rd to 5th (1 + 1 + 3 / 9 h), 6th and after (3 + 3 / 6 h).
    assert [(cell["sessions"], cell["new"], cell["new_per_staff_hour"]) for cell in row["ranks"]] == [
        (1, 2, 0.67),
        (1, 1, 0.33),
        (3, 5, 0.56),
        (2, 6, 1.0),
    ]


def test_the_analytics_heat_map_says_how_many_sessions_stand_behind_each_cell(professional_client, winter):
    page = professional_client.get(reverse("outreach:analytics") + "?start=2026-01-01&end=2026-11-25").content.decode()
    assert re.search(r"n=3</text>", page)


def _plan_slots(client, slots, staff, period="winter-2026", token=None, mode="truck"):
    data = {"period": period, "slots": slots, "staff": [member.pk for member in staff], "mode": mode}
    data["submission_token"] = token or str(uuid.uuid4())
    return client.post(reverse("outreach:schedule_plan_slots"), data)


def test_ticked_slots_become_planned_sessions_once(professional_client, professional, winter):
    college, gare = winter["college"].pk, winter["gare"].pk
    token = str(uuid.uuid4())
    slots = [f"{college}-1-morning", f"{gare}-3-afternoon"]
    response = _plan_slots(professional_client, slots, [professional], token=token)
    assert response.status_code == 302 and response["Location"].endswith("?mois=2026-12")
    planned = OutreachSession.objects.planned()
    # Mondays 7 December → 22 February (12) at 10:00–12:00; Wednesdays 2 December → 24 February (13) at 14:00–17:00.
    assert planned.filter(place_id=college, start_time=time(10, 0), end_time=time(12, 0)).count() == 12
    assert planned.filter(place_id=gare, start_time=time(14, 0), end_time=time(17, 0)).count() == 13
    assert _plan_slots(professional_client, slots, [professional], token=token).status_code == 302  # a replay
    assert planned.count() == 25


def test_planning_slots_refuses_clashes_and_past_slots_and_saves_nothing(professional_client, professional, winter):
    college, gare = winter["college"].pk, winter["gare"].pk
    OutreachSessionFactory(date=datetime.date(2027, 1, 11), start_time=time(9, 0), end_time=time(11, 0))  # the truck
    response = _plan_slots(professional_client, [f"{college}-1-morning"], [professional])
    assert response.status_code == 400 and "Le camion est déjà sorti" in response.content.decode()
    response = _plan_slots(
        professional_client, [f"{college}-1-morning", f"{gare}-1-morning"], [professional], mode="on_foot"
    )
    assert "sont à la même heure" in response.content.decode()
    response = _plan_slots(professional_client, [f"{gare}-3-afternoon"], [professional], period="autumn-2026")
    assert "plus aucune date dans la période" in response.content.decode()
    response = _plan_slots(professional_client, ["nonsense"], [professional])
    assert "Ce créneau n’est pas valide." in response.content.decode()
    assert OutreachSession.objects.planned().count() == 1


def test_coordinators_correct_or_add_school_holidays_on_the_page(coordinator_client, today):
    # The built-in 2026-2027 dates were not checked against the official calendar: a coordinator's school holidays
    # replace the built-in period they overlap, on the page and in the past-yield comparison; the others stay.
    official = {
        "label": "Hiver (calendrier officiel)",
        "kind": "school_holidays",
        "starts_on": "2027-02-06",
        "ends_on": "2027-02-21",
    }
    assert coordinator_client.post(reverse("outreach:marked_period_add"), with_token(official)).status_code == 302
    february = coordinator_client.get(reverse("outreach:schedule"), {"period": "2027-02"}).content.decode()
    assert "Hiver (calendrier officiel)&nbsp;: 06/02/2027 → 21/02/2027" in february
    assert "13/02/2027" not in february.split('id="specials-title"')[1].split("</ul>")[0]
    assert "pas été vérifiées sur le calendrier officiel" in february and "2026-2027" in february
    april = coordinator_client.get(reverse("outreach:schedule"), {"period": "2027-04"}).content.decode()
    assert "10/04/2027 → 25/04/2027" in april  # the built-in spring holidays, not corrected
    specials = schedule.special_periods(datetime.date(2027, 2, 1), datetime.date(2027, 2, 28))
    assert [(special["kind"], special["start"]) for special in specials] == [("school", datetime.date(2027, 2, 6))]
    assert specials[0]["pk"] is not None  # the coordinator may remove it
