import datetime
from datetime import time

import pytest
from django.urls import reverse

from outreach import session_figures
from outreach.enums import SessionStatus
from outreach.models import OutreachSession, SessionSeries
from outreach.planning import weekly_dates
from tests.submission_tokens import with_token

from .factories import OutreachSessionFactory, PlaceFactory


def plan(client, where, staff, **extra):
    data = {
        "date": "2026-12-02",
        "start_time": "14:00",
        "end_time": "17:00",
        "place": where.pk,
        "mode": "truck",
        "staff": [member.pk for member in staff],
        "activity": "Tournoi de foot",
        **extra,
    }
    return client.post(reverse("outreach:session_create"), with_token(data))


def test_weekly_dates_expand_every_n_weeks_up_to_the_last_day_included():
    assert weekly_dates(datetime.date(2026, 12, 2), datetime.date(2026, 12, 23)) == [
        datetime.date(2026, 12, 2),
        datetime.date(2026, 12, 9),
        datetime.date(2026, 12, 16),
        datetime.date(2026, 12, 23),
    ]
    assert weekly_dates(datetime.date(2026, 12, 2), datetime.date(2026, 12, 29), 2) == [
        datetime.date(2026, 12, 2),
        datetime.date(2026, 12, 16),
    ]
    assert weekly_dates(datetime.date(2026, 12, 2), datetime.date(2026, 12, 1)) == []


def test_a_professional_plans_one_session(professional_client, professional, colleague):
    place = PlaceFactory()
    response = plan(professional_client, place, [professional, colleague])
    assert response.status_code == 302
    session = OutreachSession.objects.get()
    assert (session.date, session.start_time, session.status, session.duration_minutes) == (
        datetime.date(2026, 12, 2),
        time(14, 0),
        SessionStatus.PLANNED,
        180,
    )
    assert set(session.staff.all()) == {professional, colleague}
    assert session.series is None and session.created_by == professional


def test_every_wednesday_until_june_creates_a_series(professional_client, professional):
    place = PlaceFactory()
    response = plan(professional_client, place, [professional], repeat="on", interval_weeks="1", until="2027-06-30")
    assert response.status_code == 302
    sessions = list(OutreachSession.objects.order_by("date"))
    assert len(sessions) == 31  # 2 Dec 2026 … 30 Jun 2027, every Wednesday
    assert {session.date.isoweekday() for session in sessions} == {3}
    assert sessions[-1].date == datetime.date(2027, 6, 30)
    series = SessionSeries.objects.get()
    assert all(session.series == series for session in sessions)
    assert all(list(session.staff.all()) == [professional] for session in sessions)


def test_a_series_can_be_changed_from_one_session_on(professional_client, professional):
    place, other_place = PlaceFactory(), PlaceFactory()
    plan(professional_client, place, [professional], repeat="on", interval_weeks="1", until="2026-12-30")
    sessions = list(OutreachSession.objects.order_by("date"))
    third = sessions[2]
    data = {
        "date": third.date.isoformat(),
        "start_time": "15:00",
        "end_time": "18:00",
        "place": other_place.pk,
        "mode": "on_foot",
        "staff": [professional.pk],
        "scope": "following",
    }
    response = professional_client.post(reverse("outreach:session_edit", args=[third.pk]), data)
    assert response.status_code == 302
    changed = [(s.start_time, s.place_id, s.mode) for s in OutreachSession.objects.order_by("date")]
    assert changed[:2] == [(time(14, 0), place.pk, "truck")] * 2
    assert changed[2:] == [(time(15, 0), other_place.pk, "on_foot")] * 3


def test_one_session_of_a_series_can_be_changed_alone(professional_client, professional):
    place = PlaceFactory()
    plan(professional_client, place, [professional], repeat="on", interval_weeks="1", until="2026-12-30")
    first = OutreachSession.objects.order_by("date").first()
    data = {
        "date": "2026-12-03",
        "start_time": "10:00",
        "end_time": "12:00",
        "place": place.pk,
        "mode": "truck",
        "staff": [professional.pk],
        "scope": "this",
    }
    professional_client.post(reverse("outreach:session_edit", args=[first.pk]), data)
    first.refresh_from_db()
    assert (first.date, first.start_time) == (datetime.date(2026, 12, 3), time(10, 0))
    assert OutreachSession.objects.filter(start_time=time(14, 0)).count() == 4


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"end_time": "13:00"}, "La fin doit être après le début."),
        ({"repeat": "on", "until": ""}, "Indiquez la date de la dernière sortie de la série."),
        ({"repeat": "on", "until": "2026-11-30"}, "La série doit se terminer après sa première sortie."),
        ({"repeat": "on", "until": "2028-12-31"}, "Une série compte au plus 60 sorties"),
        ({"place": ""}, "Ce champ est obligatoire."),
    ],
)
def test_bad_plans_get_french_messages_and_nothing_is_saved(professional_client, professional, extra, message):
    response = plan(professional_client, PlaceFactory(), [professional], **extra)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not OutreachSession.objects.exists()


def test_two_overlapping_sessions_of_the_same_staff_member_are_refused(professional_client, professional):
    OutreachSessionFactory(
        date=datetime.date(2026, 12, 16), start_time=time(16, 0), end_time=time(18, 0), staff=[professional]
    )
    response = plan(professional_client, PlaceFactory(), [professional], repeat="on", until="2026-12-23")
    assert response.status_code == 200
    assert "a déjà une sortie à ce moment-là" in response.content.decode()
    assert OutreachSession.objects.count() == 1


def test_a_cancelled_session_does_not_block_the_slot(professional_client, professional):
    OutreachSessionFactory(date=datetime.date(2026, 12, 2), cancelled=True, staff=[professional])
    assert plan(professional_client, PlaceFactory(), [professional]).status_code == 302


def test_cancel_a_planned_session(professional_client, professional):
    session = OutreachSessionFactory(date=datetime.date(2026, 12, 2), staff=[professional])
    assert professional_client.get(reverse("outreach:session_cancel", args=[session.pk])).status_code == 405
    professional_client.post(reverse("outreach:session_cancel", args=[session.pk]))
    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED


def test_week_view_lists_the_sessions_with_a_fixed_number_of_queries(
    professional_client, professional, django_assert_max_num_queries
):
    place = PlaceFactory(name="Gymnase Delaune")
    for offset in range(7):
        OutreachSessionFactory(
            date=datetime.date(2026, 11, 23) + datetime.timedelta(days=offset), place=place, staff=[professional]
        )
    OutreachSessionFactory(date=datetime.date(2026, 11, 30), place=PlaceFactory(name="Ailleurs"))
    with django_assert_max_num_queries(11):
        response = professional_client.get(reverse("outreach:index") + "?semaine=2026-11-25")
    page = response.content.decode()
    assert page.count("session-chip") == 7 and "Ailleurs" not in page
    assert "Sorties à renseigner" in page  # the three past days of the week are still to be logged
    assert "Semaine du 23 novembre 2026" in page


def test_month_view_lists_the_sessions_with_a_fixed_number_of_queries(
    professional_client, professional, colleague, django_assert_max_num_queries
):
    for day in range(1, 29):
        OutreachSessionFactory(date=datetime.date(2027, 2, day), place=PlaceFactory(), staff=[professional, colleague])
    with django_assert_max_num_queries(10):
        response = professional_client.get(reverse("outreach:month") + "?mois=2027-02")
    assert response.status_code == 200
    assert response.content.decode().count("session-chip") == 2 * 28  # the phone list and the desktop grid


def test_only_my_sessions_filter(professional_client, professional, colleague):
    OutreachSessionFactory(date=datetime.date(2026, 11, 25), place=PlaceFactory(name="Le mien"), staff=[professional])
    OutreachSessionFactory(date=datetime.date(2026, 11, 26), place=PlaceFactory(name="Le sien"), staff=[colleague])
    page = professional_client.get(reverse("outreach:index") + "?moi=1").content.decode()
    assert "Le mien" in page and "Le sien" not in page


def test_bad_week_and_month_parameters_fall_back_to_today(professional_client):
    assert professional_client.get(reverse("outreach:index") + "?semaine=n'importe").status_code == 200
    assert professional_client.get(reverse("outreach:month") + "?mois=2026-13").status_code == 200


def test_a_logged_session_cannot_move_into_the_future(coordinator_client, professional):
    session = OutreachSessionFactory(done=True, date=datetime.date(2026, 11, 20), staff=[professional])
    data = {
        "date": "2026-12-20",
        "start_time": "14:00",
        "end_time": "17:00",
        "place": session.place_id,
        "mode": "truck",
        "staff": [professional.pk],
    }
    response = coordinator_client.post(reverse("outreach:session_edit", args=[session.pk]), data)
    assert "Une sortie déjà renseignée ne peut pas passer dans le futur." in response.content.decode()
    session.refresh_from_db()
    assert session.date == datetime.date(2026, 11, 20)


def test_a_session_in_the_calendars_shows_its_times_place_mode_staff_and_state(
    professional_client, professional, colleague
):
    colleague.first_name = "<Inès>"
    colleague.save()
    place = PlaceFactory(name="Parc Saint-Hubert")
    done = OutreachSessionFactory(
        date=datetime.date(2026, 11, 24),
        start_time=time(9, 5),
        end_time=time(11, 30),
        place=place,
        mode="on_foot",
        staff=[professional, colleague],
    )
    OutreachSession.objects.filter(pk=done.pk).update(status=SessionStatus.DONE)
    session_figures.refresh_sessions([done.pk])  # a bulk write sends no signal: refreshed by hand, as the app does
    OutreachSessionFactory(date=datetime.date(2026, 11, 25), place=place, status=SessionStatus.CANCELLED)
    page = professional_client.get(reverse("outreach:index") + "?semaine=2026-11-25").content.decode()
    assert reverse("outreach:session_detail", args=[done.pk]) in page
    assert "09:05–11:30" in page and "Parc Saint-Hubert" in page and "À pied" in page
    assert "À pied · " in page and "&lt;Inès&gt;" in page and "<Inès>" not in page  # staff by name, escaped
    assert "Renseignée" in page and "Annulée" in page
    month = professional_client.get(reverse("outreach:month") + "?mois=2026-11").content.decode()
    assert month.count("09:05–11:30") == 2 and month.count("&lt;Inès&gt;") == 1  # the compact grid lists no staff
