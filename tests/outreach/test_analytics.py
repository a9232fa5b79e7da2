"""Analytics figures checked against a small dataset whose expected numbers are worked out by hand below."""

import datetime
from datetime import time

import pytest
from django.db import connection
from django.template.defaultfilters import floatformat
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.formats import localize

from outreach import analytics
from outreach.enums import Channel, SessionMode
from outreach.templatetags import figures_rows
from outreach.views.analytics import BREAKDOWNS
from tests.partners.factories import NeighbourhoodFactory, UserFactory
from tests.youths.factories import YouthFactory

from .factories import NamedContactFactory, OnlineOutreachFactory, OutreachSessionFactory, PlaceFactory, TallyFactory

START, END = datetime.date(2026, 1, 1), datetime.date(2026, 11, 25)


@pytest.fixture
def dataset(professional, colleague, pathway_starts):
    """
    S1 Wed 1 Jul 2026 14–17, place A, truck, 2 staff: 6 staff-hours; tallies 5 (2 new, direct) and 3 (1 new, sibling);
       named Y1 (first ever), Y2 (already met in 2025).
    S2 Wed 8 Jul 2026 14–16, place A, truck, 1 staff: 2 staff-hours; tally 4 (0 new, direct); named Y1 again.
    S3 Mon 12 Jan 2026 10–12, place B, on foot, 2 staff: 4 staff-hours; tally 1 (1 new, parent); named Y3 (first).
    Outside the figures: S4 planned, S5 cancelled (both with staff), S6 done in June 2025 (Y2's first contact).
    Pathways: Y1 from 1 Aug 2026 (after its first contact: counts), Y2 from 1 Sep 2026 (first contact outside the
    period: not credited), Y3 from 1 Dec 2025 (before the contact: not "later").
    """
    place_a = PlaceFactory(name="Stade Lafayette", neighbourhood=NeighbourhoodFactory(name="Champ-Fleuri"))
    place_b = PlaceFactory(name="Centre commercial", neighbourhood=NeighbourhoodFactory(name="Champaret"))
    both = [professional, colleague]
    s1 = OutreachSessionFactory(done=True, date=datetime.date(2026, 7, 1), place=place_a, staff=both)
    s2 = OutreachSessionFactory(
        done=True, date=datetime.date(2026, 7, 8), end_time=time(16, 0), place=place_a, staff=[professional]
    )
    s3 = OutreachSessionFactory(
        done=True,
        date=datetime.date(2026, 1, 12),
        start_time=time(10, 0),
        end_time=time(12, 0),
        place=place_b,
        mode=SessionMode.ON_FOOT,
        staff=both,
    )
    OutreachSessionFactory(date=datetime.date(2026, 7, 15), place=place_a, staff=both)
    OutreachSessionFactory(cancelled=True, date=datetime.date(2026, 7, 22), place=place_a, staff=both)
    s6 = OutreachSessionFactory(
        done=True, date=datetime.date(2025, 6, 4), end_time=time(15, 0), place=place_b, staff=[professional]
    )
    TallyFactory(session=s1, count=5, new_count=2)
    TallyFactory(session=s1, count=3, new_count=1, through_entourage=True)
    TallyFactory(session=s2, count=4, new_count=0)
    TallyFactory(session=s3, count=1, new_count=1, channel=Channel.ENTOURAGE, entourage_kind="parent")
    y1, y2, y3 = YouthFactory(), YouthFactory(), YouthFactory()
    NamedContactFactory(session=s6, youth=y2)
    NamedContactFactory(session=s1, youth=y1)
    NamedContactFactory(session=s1, youth=y2, kind="repeat")
    NamedContactFactory(session=s2, youth=y1, kind="repeat")
    NamedContactFactory(session=s3, youth=y3)
    pathway_starts({y1: datetime.date(2026, 8, 1), y2: datetime.date(2026, 9, 1), y3: datetime.date(2025, 12, 1)})
    online = OnlineOutreachFactory(staff=both)
    online.youths.add(y1, y2)
    return {"a": place_a, "b": place_b, "y1": y1, "y2": y2, "y3": y3}


def test_summary_figures(dataset):
    figures = analytics.summary(START, END)
    assert figures["sessions"] == 3
    assert figures["staff_hours"] == 12
    assert figures["encounters"] == 13
    assert figures["new_encounters"] == 4
    assert figures["entourage_encounters"] == 4
    assert figures["direct_encounters"] == 9
    assert figures["named_contacts"] == 4
    assert figures["new_youths"] == 2  # Y1 at S1, Y3 at S3; Y2 was first met in 2025
    assert figures["reach"] == 17
    assert figures["reach_per_staff_hour"] == 1.42  # 17 / 12
    assert figures["new_per_staff_hour"] == 0.5  # (4 + 2) / 12
    assert figures["pathway_entries"] == 1  # Y1 only
    assert figures["entries_per_staff_hour"] == 0.083  # 1 / 12


def test_breakdown_by_place(dataset):
    rows = {row["label"]: row for row in analytics.breakdown(START, END, "place")}
    assert set(rows) == {"Stade Lafayette", "Centre commercial"}
    a, b = rows["Stade Lafayette"], rows["Centre commercial"]
    assert (a["key"], a["sessions"], a["staff_hours"], a["encounters"], a["new_encounters"]) == (
        dataset["a"].pk,
        2,
        8,
        12,
        3,
    )
    assert (a["named_contacts"], a["new_youths"], a["reach"], a["reach_per_staff_hour"], a["pathway_entries"]) == (
        3,
        1,
        15,
        1.88,
        1,
    )
    assert (b["sessions"], b["staff_hours"], b["encounters"], b["named_contacts"], b["reach_per_staff_hour"]) == (
        1,
        4,
        1,
        1,
        0.5,
    )
    assert b["pathway_entries"] == 0


def test_breakdowns_by_neighbourhood_weekday_hour_month_season_and_mode(dataset):
    by = {name: {row["key"]: row for row in analytics.breakdown(START, END, name)} for name in analytics.DIMENSIONS}
    assert {row["label"]: row["reach"] for row in by["neighbourhood"].values()} == {"Champ-Fleuri": 15, "Champaret": 2}
    assert {key: row["sessions"] for key, row in by["weekday"].items()} == {1: 1, 3: 2}
    assert by["weekday"][3]["label"] == "mercredi"
    assert {key: row["staff_hours"] for key, row in by["hour"].items()} == {10: 4, 14: 8}
    assert {key.month: row["encounters"] for key, row in by["month"].items()} == {1: 1, 7: 12}
    assert {key: row["reach"] for key, row in by["season"].items()} == {"summer": 15, "winter": 2}
    assert by["season"]["summer"]["label"] == "Été"
    assert {key: row["sessions"] for key, row in by["mode"].items()} == {"truck": 2, "on_foot": 1}


def test_filters_narrow_the_figures(dataset):
    assert analytics.summary(START, END, place=dataset["b"])["reach"] == 2
    assert analytics.summary(START, END, mode=SessionMode.TRUCK)["sessions"] == 2
    assert analytics.summary(START, END, neighbourhood=dataset["a"].neighbourhood_id)["staff_hours"] == 8
    assert analytics.summary(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))["new_youths"] == 1


def test_heat_map_weekday_by_hour(dataset):
    heat = analytics.heat_map(START, END)
    assert heat["hours"] == [10, 14]
    assert heat["matrix"][2] == [None, 1.88]  # Wednesday 14 h: 15 reached / 8 staff-hours
    assert heat["matrix"][0] == [0.5, None]  # Monday 10 h: 2 / 4
    assert all(cell is None for row in heat["matrix"][3:] for cell in row)


def test_places_ranked_and_entourage(dataset):
    assert [row["label"] for row in analytics.places_ranked(START, END)] == ["Stade Lafayette", "Centre commercial"]
    split = analytics.entourage(START, END)
    assert (split["direct"], split["entourage"]) == (9, 4)
    kinds = {row["key"]: row["count"] for row in split["by_kind"]}
    assert kinds["sibling"] == 3 and kinds["parent"] == 1 and kinds["friend"] == 0


def test_online_versus_in_person(dataset):
    comparison = analytics.online_vs_in_person(START, END)
    assert comparison["in_person"] == {"sessions": 3, "staff_hours": 12, "reach": 17, "reach_per_staff_hour": 1.42}
    online = comparison["online"]
    assert (online["actions"], online["staff_hours"], online["messages_sent"], online["replies"]) == (1, 2, 10, 4)
    assert (online["contacts_generated"], online["named_youths"], online["reach_per_staff_hour"]) == (2, 2, 1.0)


def test_recommended_schedule_flags_slots_backed_by_few_sessions(dataset):
    winter = analytics.recommended_schedule(START, END)  # the season after 25 November is winter
    assert winter["season"] == "winter"
    assert [(slot["place"], slot["weekday"], slot["hour"], slot["low_confidence"]) for slot in winter["slots"]] == [
        ("Centre commercial", 1, 10, True)
    ]
    summer = analytics.recommended_schedule(START, END, season="summer")
    assert summer["slots"][0]["reach_per_staff_hour"] == 1.88
    assert summer["slots"][0]["low_confidence"] is True  # 2 sessions < 3


def test_a_slot_with_enough_sessions_ranks_before_a_better_but_thin_one(professional):
    good, thin = PlaceFactory(name="Gare"), PlaceFactory(name="Collège")
    for week in range(3):
        session = OutreachSessionFactory(
            done=True,
            date=datetime.date(2026, 1, 7) + datetime.timedelta(weeks=week),
            place=good,
            staff=[professional],
        )
        TallyFactory(session=session, count=3, new_count=0)
    thin_session = OutreachSessionFactory(done=True, date=datetime.date(2026, 1, 5), place=thin, staff=[professional])
    TallyFactory(session=thin_session, count=30, new_count=0)
    slots = analytics.recommended_schedule(START, END, season="winter")["slots"]
    assert [(slot["place"], slot["low_confidence"], slot["sessions"]) for slot in slots] == [
        ("Gare", False, 3),
        ("Collège", True, 1),
    ]


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_analytics_page_shows_the_figures_with_a_constant_number_of_queries(professional_client, dataset):
    url = reverse("outreach:analytics") + "?start=2026-01-01&end=2026-11-25"
    response = professional_client.get(url)
    page = response.content.decode()
    assert "Analyse de l’aller-vers" in page or "Analyse de l'aller-vers" in page
    assert "Stade Lafayette" in page and "<svg" in page and 'role="img"' in page
    before = _queries(professional_client, url)
    staff = [UserFactory(), UserFactory()]
    for day in range(40):
        session = OutreachSessionFactory(
            done=True, date=datetime.date(2026, 3, 2) + datetime.timedelta(days=day), place=PlaceFactory(), staff=staff
        )
        TallyFactory(session=session)
        NamedContactFactory(session=session)
    assert _queries(professional_client, url) == before


def test_a_bad_period_gets_a_french_message(professional_client):
    response = professional_client.get(reverse("outreach:analytics") + "?start=2026-05-01&end=2026-01-01")
    assert response.status_code == 200
    assert "La fin de la période doit être après son début." in response.content.decode()


def test_every_figure_of_the_page_comes_from_two_queries(dataset, django_assert_num_queries):
    figures = analytics.OutreachFigures(START, END)
    # the grouped figures (the entourage with them), online outreach, the named young people each once
    with django_assert_num_queries(3):
        figures.summary()
        for dimension in analytics.DIMENSIONS:
            figures.breakdown(dimension)
        figures.heat_map()
        figures.recommended_schedule()
        figures.entourage()
        figures.online_vs_in_person()


def test_the_breakdown_tables_show_the_figures_as_the_number_filters_would(professional_client, dataset):
    page = professional_client.get(reverse("outreach:analytics") + "?start=2026-01-01&end=2026-11-25")
    html = page.content.decode()
    assert (
        '<tr><th scope="row" class="fw-normal">Stade Lafayette</th><td class="text-end">2</td>'
        '<td class="text-end">8,0</td><td class="text-end">12</td><td class="text-end">3</td>'
        '<td class="text-end">3</td><td class="text-end">1,88</td><td class="text-end">1</td>'
        '<td class="text-end">0,125</td></tr>'
    ) in html
    empty = professional_client.get(reverse("outreach:analytics") + "?start=2030-01-01&end=2030-02-01")
    assert empty.content.decode().count("Aucune sortie renseignée sur cette période.") == len(BREAKDOWNS)


@pytest.mark.parametrize(
    ("value", "digits"),
    [(0, 2), (12.0, 1), (1.42, 2), (0.083, 3), (round(17 / 12, 2), 2), (round(2 / 3, 3), 3), (1234567.8, 1)],
)
def test_figures_are_written_as_floatformat_writes_them(value, digits):
    with translation.override("fr"):
        whole, fixed = figures_rows.number_formats()
        assert fixed(value, digits) == floatformat(value, digits)
        assert whole(7491) == localize(7491)
