"""Appointments as objects: planned, marked in one tap, counted when missed, in the agenda and the private feed;
to-dos from the next step of a follow-up; the referent's day first in "Mon suivi"."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accompaniment.models import Appointment, AppointmentFeed, Todo
from reflex.audit.models import AccessEntry
from reflex.typography import french_spacing as fr
from tests.partners.factories import UserFactory
from tests.submission_tokens import with_token
from tests.youths.factories import YouthFactory

from .conftest import count_queries
from .factories import AppointmentFactory, PathwayFactory, TodoFactory

TODAY = timezone.localdate()


def at(day, hour=10, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def days(n):
    return TODAY + datetime.timedelta(days=n)


def local_input(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_the_referent_plans_an_appointment_with_place_mode_and_whom(professional_client, professional, pathway):
    url = reverse("accompaniment:appointment_create", args=[pathway.youth.pk])
    assert professional_client.get(url).context["form"]["staff"].value() == professional.pk
    response = professional_client.post(
        url,
        with_token(
            {
                "starts_at": local_input(at(days(3), 14, 30)),
                "duration_minutes": "30",
                "mode": "truck",
                "place": "Place du marché",
                "staff": professional.pk,
            }
        ),
    )
    assert response.url == reverse("accompaniment:youth", args=[pathway.youth.pk])
    appointment = Appointment.objects.get()
    assert (appointment.youth, appointment.pathway, appointment.staff, appointment.status) == (
        pathway.youth,
        pathway,
        professional,
        "planned",
    )
    assert appointment.starts_at == at(days(3), 14, 30) and appointment.place == "Place du marché"
    assert AccessEntry.objects.filter(action="create", object_type="accompaniment.appointment").exists()
    page = professional_client.get(response.url).content.decode()
    assert "Place du marché" in page and "Camion" in page


def test_an_upcoming_appointment_in_the_past_or_with_a_deactivated_account_is_refused(
    professional_client, deactivated, pathway
):
    response = professional_client.post(
        reverse("accompaniment:appointment_create", args=[pathway.youth.pk]),
        with_token(
            starts_at=local_input(timezone.now() - datetime.timedelta(hours=2)),
            duration_minutes="45",
            mode="office",
            place="Bureau 2",
            staff=deactivated.pk,
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert fr("Cette heure est passée : un rendez-vous à venir est dans le futur.") in page
    assert "Choisissez un professionnel ou un coordinateur actif du consortium." in page
    assert "Bureau 2" in page  # nothing typed is lost
    assert not Appointment.objects.exists()


def test_one_tap_marks_an_appointment_and_the_row_comes_back(htmx_client, professional, pathway):
    appointment = AppointmentFactory(youth=pathway.youth, staff=professional, starts_at=at(TODAY, 0, 1))
    response = htmx_client.post(reverse("accompaniment:appointment_mark", args=[appointment.pk]), {"status": "missed"})
    content = response.content.decode()
    assert response.status_code == 200 and "<html" not in content
    assert f'id="appointment-{appointment.pk}"' in content and "Manqué" in content
    appointment.refresh_from_db()
    assert (appointment.status, appointment.status_changed_by) == ("missed", professional)
    assert appointment.status_changed_at is not None


def test_a_future_appointment_cannot_be_marked_attended_but_can_be_cancelled(htmx_client, professional, pathway):
    appointment = AppointmentFactory(youth=pathway.youth, staff=professional, starts_at=at(days(2)))
    url = reverse("accompaniment:appointment_mark", args=[appointment.pk])
    content = htmx_client.post(url, {"status": "attended"}).content.decode()
    assert "Un rendez-vous est marqué honoré ou manqué une fois son jour venu." in content
    appointment.refresh_from_db()
    assert appointment.status == "planned"
    htmx_client.post(url, {"status": "cancelled"})
    appointment.refresh_from_db()
    assert appointment.status == "cancelled"
    htmx_client.post(url, {"status": "nonsense"})
    appointment.refresh_from_db()
    assert appointment.status == "cancelled"


def test_postponing_leads_to_the_new_date_which_remembers_the_old_one(professional_client, professional, pathway):
    old = AppointmentFactory(youth=pathway.youth, staff=professional, place="Bureau 4", mode="video")
    response = professional_client.post(
        reverse("accompaniment:appointment_mark", args=[old.pk]), {"status": "postponed"}
    )
    create = reverse("accompaniment:appointment_create", args=[pathway.youth.pk])
    assert response.url == f"{create}?reporte={old.pk}"
    form = professional_client.get(response.url).context["form"]
    assert form["place"].value() == "Bureau 4" and form["mode"].value() == "video"
    professional_client.post(
        response.url,
        with_token(
            {
                "starts_at": local_input(at(days(9))),
                "duration_minutes": "45",
                "mode": "video",
                "place": "Bureau 4",
                "staff": professional.pk,
            }
        ),
    )
    new = Appointment.objects.exclude(pk=old.pk).get()
    assert new.postponed_from == old and Appointment.objects.get(pk=old.pk).status == "postponed"


def test_who_may_mark_an_appointment(colleague_client, outsider_client, coordinator_client, professional, pathway):
    appointment = AppointmentFactory(youth=pathway.youth, staff=professional, starts_at=at(TODAY, 0, 1))
    url = reverse("accompaniment:appointment_mark", args=[appointment.pk])
    assert colleague_client.post(url, {"status": "attended"}).status_code == 403  # sees the youth, not their meeting
    hidden = AppointmentFactory(youth=YouthFactory(identified=True), staff=UserFactory())
    PathwayFactory(youth=hidden.youth, referent=hidden.staff)
    hidden_url = reverse("accompaniment:appointment_mark", args=[hidden.pk])
    assert outsider_client.post(hidden_url, {"status": "attended"}).status_code == 404
    assert coordinator_client.post(url, {"status": "attended"}).status_code == 302
    assert Appointment.objects.get(pk=appointment.pk).status == "attended"
    assert colleague_client.get(url).status_code == 405  # changes only on POST


def test_missed_appointments_are_counted_per_young_person_and_per_referent(
    professional_client, coordinator_client, professional, pathway
):
    for back, status in ((20, "missed"), (10, "missed"), (5, "attended"), (3, "cancelled")):
        AppointmentFactory(youth=pathway.youth, staff=professional, starts_at=at(days(-back)), status=status)
    page = professional_client.get(reverse("accompaniment:youth", args=[pathway.youth.pk])).content.decode()
    assert fr("Honorés : 1 · manqués : 2 · annulés : 1 · reportés : 0") in page
    workspace = professional_client.get(reverse("accompaniment:workspace"))
    assert [youth.missed_appointments for youth in workspace.context["my_youths"]] == [2]
    dashboard = coordinator_client.get(reverse("accompaniment:dashboard")).context
    assert {row.pk: row.missed for row in dashboard["caseloads"]}[professional.pk] == 2


def test_mon_suivi_opens_with_the_day_and_its_counts_match_its_lists(professional_client, professional, pathway):
    youth = pathway.youth
    this_morning = AppointmentFactory(youth=youth, staff=professional, starts_at=at(TODAY, 0, 5))
    tonight = AppointmentFactory(youth=youth, staff=professional, starts_at=at(TODAY, 23, 50))
    AppointmentFactory(youth=youth, staff=professional, starts_at=at(days(1)))  # tomorrow: not today
    unmarked = [
        AppointmentFactory(youth=youth, staff=professional, starts_at=at(days(-n))) for n in range(1, 8)
    ]  # seven past appointments nobody marked
    AppointmentFactory(youth=youth, staff=professional, starts_at=at(days(-2)), status="attended")
    due = TodoFactory(youth=youth, owner=professional, title="Dossier FSL", due_on=days(-1))
    undated = TodoFactory(youth=youth, owner=professional, title="Appeler la mission locale")
    TodoFactory(youth=youth, owner=professional, title="Plus tard", due_on=days(30))
    TodoFactory(youth=youth, owner=professional, title="Déjà fait", done_on=TODAY)

    response = professional_client.get(reverse("accompaniment:workspace"))
    context = response.context
    assert [a.pk for a in context["todays_appointments"]] == [this_morning.pk, tonight.pk]
    assert len(context["unmarked"]) == 7 and len(context["unmarked"].rows) == 5 and context["unmarked"].more == 2
    assert {a.pk for a in context["unmarked"]} <= {a.pk for a in unmarked}
    assert [todo.pk for todo in context["todos"]] == [due.pk, undated.pk]
    page = response.content.decode()
    assert page.index('id="today-title"') < page.index('id="my-youths-title"')  # the day first, the caseload below
    assert "Rendez-vous à renseigner" in page and "et 2 autres dans l'agenda" in page
    assert "Dossier FSL" in page and "Plus tard" not in page and "Déjà fait" not in page

    home = professional_client.get(reverse("home"))
    caseload = home.context["caseload"]
    home_page = home.content.decode()
    assert (
        len(caseload["todays_appointments"]) == 2 and home_page.count('class="list-group-item appointment-row"') == 2
    )
    assert "7 rendez-vous passés à renseigner" in home_page


def test_a_to_do_is_ticked_in_one_tap_and_untick_corrects_a_mistake(
    htmx_client, colleague_client, professional, pathway
):
    todo = TodoFactory(youth=pathway.youth, owner=professional, due_on=TODAY)
    url = reverse("accompaniment:todo_tick", args=[todo.pk])
    content = htmx_client.post(url, {"done": "1"}).content.decode()
    assert f'id="todo-{todo.pk}"' in content and "text-decoration-line-through" in content
    assert Todo.objects.get().done_on == TODAY
    htmx_client.post(url, {"done": "0"})
    assert Todo.objects.get().done_on is None
    assert colleague_client.post(url, {"done": "1"}).status_code == 403


def test_the_agenda_lists_two_weeks_day_by_day_and_its_count_is_its_list(professional_client, professional, pathway):
    inside = [AppointmentFactory(youth=pathway.youth, staff=professional, starts_at=at(days(n))) for n in (0, 3, 13)]
    AppointmentFactory(youth=pathway.youth, staff=professional, starts_at=at(days(14)))  # the day after
    AppointmentFactory(youth=pathway.youth, staff=UserFactory(), starts_at=at(days(2)))  # my young person's
    AppointmentFactory(staff=UserFactory(), starts_at=at(days(2)))  # someone else's entirely
    response = professional_client.get(reverse("accompaniment:agenda"))
    listed = [a.pk for _day, appointments in response.context["days"] for a in appointments]
    assert response.context["count"] == len(listed) == 4 and set(listed) >= {a.pk for a in inside}
    assert "4 rendez-vous dans les deux semaines" in response.content.decode()
    later = professional_client.get(reverse("accompaniment:agenda"), {"du": days(14).isoformat()}).context
    assert later["count"] == 1
    assert professional_client.get(reverse("accompaniment:agenda"), {"du": "n'importe"}).status_code == 200


def test_the_private_feed_has_my_appointments_with_initials_only(professional_client, professional, pathway):
    mine = AppointmentFactory(youth=pathway.youth, staff=professional, place="Bureau 2", mode="phone")
    AppointmentFactory(staff=UserFactory(), place="Ailleurs")
    page = professional_client.get(reverse("accompaniment:appointment_feeds")).content.decode()
    feed = AppointmentFeed.objects.get(user=professional)
    url = reverse("accompaniment:appointment_feed", args=[feed.token])
    assert url in page
    body = Client().get(url).content.decode()  # no login: calendar apps cannot log in
    assert f"appointment-{mine.pk}@reflex" in body and "Bureau 2" in body and "Ailleurs" not in body
    assert "Y.B." in body and "Yasmine" not in body and "Benaïssa" not in body

    professional_client.post(reverse("accompaniment:appointment_feed_regenerate"))
    assert Client().get(url).status_code == 404  # the old address stops working
    feed.refresh_from_db()
    professional.is_active = False
    professional.save()
    assert Client().get(reverse("accompaniment:appointment_feed", args=[feed.token])).status_code == 404


@pytest.mark.parametrize("extra", [195])
def test_the_day_and_agenda_query_counts_do_not_grow_with_rows(professional_client, professional, programme, extra):
    def a_youth_with_a_day(n):
        youth = YouthFactory(identified=True)
        PathwayFactory(youth=youth, referent=professional, started_on=days(-100))
        AppointmentFactory(youth=youth, staff=professional, starts_at=at(days(n % 3 - 1)))
        TodoFactory(youth=youth, owner=professional, due_on=days(n % 5 - 2))

    urls = [reverse("accompaniment:workspace"), reverse("accompaniment:agenda"), reverse("home")]
    for n in range(5):
        a_youth_with_a_day(n)
    few = [count_queries(professional_client, url) for url in urls]
    for n in range(extra):
        a_youth_with_a_day(n)
    assert [count_queries(professional_client, url) for url in urls] == few


def test_the_youth_page_query_count_does_not_grow_with_appointments_and_to_dos(
    professional_client, professional, pathway
):
    url = reverse("accompaniment:youth", args=[pathway.youth.pk])

    def add(n):
        for index in range(n):
            appointment = AppointmentFactory(youth=pathway.youth, staff=professional, starts_at=at(days(index - 5)))
            appointment.reminders.create(channel="sms", status="sent")
            TodoFactory(youth=pathway.youth, owner=professional)

    add(2)
    few = count_queries(professional_client, url)
    add(40)
    assert count_queries(professional_client, url) == few
