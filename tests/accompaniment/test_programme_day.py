""" "Today" is the programme's day, in Paris: just after midnight there, UTC is still on the day before."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accompaniment.models import Appointment, FollowUp
from tests.submission_tokens import with_token

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.fixture
def half_past_midnight_in_paris():
    """Tomorrow (by whatever clock the suite runs on) at 00:30 in Paris, clock stopped there; ask for it before the
    logged-in clients, so that their sessions start then."""
    moment = datetime.datetime.combine(timezone.localdate() + datetime.timedelta(days=1), datetime.time(0, 30), PARIS)
    with time_machine.travel(moment, tick=False):
        assert datetime.datetime.now(datetime.UTC).date() == moment.date() - datetime.timedelta(days=1)
        yield moment.date()


def test_a_follow_up_of_the_paris_day_is_not_in_the_future(half_past_midnight_in_paris, htmx_client, pathway):
    today = half_past_midnight_in_paris
    response = htmx_client.post(
        reverse("accompaniment:follow_up_create", args=[pathway.youth.pk]),
        with_token({"happened_on": today.isoformat(), "mode": "truck", "summary": "Rencontre de nuit au camion"}),
    )
    assert "L'entretien a été enregistré." in response.content.decode()
    assert FollowUp.objects.get().happened_on == today


def test_the_next_day_in_paris_is_still_refused_as_the_future(half_past_midnight_in_paris, htmx_client, pathway):
    tomorrow = half_past_midnight_in_paris + datetime.timedelta(days=1)
    response = htmx_client.post(
        reverse("accompaniment:follow_up_create", args=[pathway.youth.pk]),
        with_token({"happened_on": tomorrow.isoformat(), "mode": "truck", "summary": "Trop tôt"}),
    )
    assert "Un entretien ne peut pas être daté dans le futur." in response.content.decode()
    assert not FollowUp.objects.exists()


def test_an_appointment_at_1_am_in_paris_is_on_the_follow_up_s_day(half_past_midnight_in_paris, htmx_client, pathway):
    """01:00 in Paris is 00:00 or 23:00 UTC the day before: the appointment is on the Paris day, in the future."""
    today = half_past_midnight_in_paris
    response = htmx_client.post(
        reverse("accompaniment:follow_up_create", args=[pathway.youth.pk]),
        with_token(
            {
                "happened_on": today.isoformat(),
                "mode": "phone",
                "summary": "Appel",
                "next_appointment_at": f"{today.isoformat()}T01:00",
            }
        ),
    )
    assert "L'entretien a été enregistré." in response.content.decode()
    assert timezone.localdate(Appointment.objects.get().starts_at) == today
