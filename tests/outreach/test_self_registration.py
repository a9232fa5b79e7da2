"""The QR code on the truck: the coordinator's poster, the public form (on the session's day only, rate-limited,
journaled, no oracle), and the staff's confirmation or discarding of each pending contact."""

import datetime
import html
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from outreach import self_registration
from outreach.enums import RegistrationStatus, SessionStatus, SubmissionOutcome
from outreach.models import NamedContact, SelfRegistration, SelfRegistrationAttempt
from reflex.typography import french_spacing as fr
from tests.submission_tokens import with_token
from youths.enums import ConsentChannel, Stage
from youths.models import Youth

from .factories import OutreachSessionFactory, PlaceFactory

VALID = {"nickname": "Yaya", "phone": "06 12 34 56 78", "notice_read": "on"}


@pytest.fixture
def session(professional, today):
    return OutreachSessionFactory(date=today, place=PlaceFactory(name="Place du marché"), staff=[professional])


def text(response):
    return html.unescape(response.content.decode())


def form_url(session=None, place=None):
    return reverse("outreach:self_register", args=[self_registration.poster_token(session=session, place=place)])


def test_the_coordinator_prints_a_poster_whose_qr_code_leads_to_the_form(
    coordinator_client, professional_client, session
):
    response = coordinator_client.get(reverse("outreach:session_poster", args=[session.pk]))
    page = text(response)
    assert response.status_code == 200 and "<svg" in page
    assert re.search(r"/aller-vers/inscription/[A-Za-z0-9_:.-]+/", page)
    assert professional_client.get(reverse("outreach:session_poster", args=[session.pk])).status_code == 403
    place = coordinator_client.get(reverse("outreach:place_poster", args=[session.place_id]))
    assert place.status_code == 200 and "<svg" in text(place)


def test_a_young_person_reads_the_notice_and_leaves_a_contact(client, session):
    page = text(client.get(form_url(session)))
    assert "Nous notons ton prénom ou ton surnom" in page and "J'ai lu la notice d'information" in page
    response = client.post(form_url(session), VALID, REMOTE_ADDR="203.0.113.7")
    assert fr("Merci ! Quelqu'un de l'équipe va te rappeler bientôt.") in text(response)
    registration = SelfRegistration.objects.get()
    assert (registration.session, registration.nickname, registration.status) == (
        session,
        "Yaya",
        RegistrationStatus.PENDING,
    )
    assert not Youth.objects.exists()  # pending until a staff member confirms
    attempt = SelfRegistrationAttempt.objects.get()
    assert (attempt.outcome, attempt.registration, attempt.session) == (
        SubmissionOutcome.ACCEPTED,
        registration,
        session,
    )
    assert "203.0.113.7" not in attempt.address_key


def test_a_place_poster_serves_that_day_s_session(client, session):
    client.post(form_url(place=session.place), VALID)
    assert SelfRegistration.objects.get().session == session


def test_the_same_thanks_whoever_registered_before(client, session):
    first = text(client.post(form_url(session), VALID))
    again = text(Client().post(form_url(session), VALID, REMOTE_ADDR="198.51.100.2"))

    def main(page):  # what the page says (the header holds per-request tokens)
        return page.split("<main", 1)[1].split("</main>", 1)[0]

    assert "Merci" in main(first) and main(first) == main(again)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"phone": "06 12 34 56 78", "notice_read": "on"}, "Ce champ est obligatoire."),
        ({"nickname": "Yaya", "notice_read": "on"}, "Laisse un numéro ou un pseudo"),
        ({"nickname": "Yaya", "phone": "06 12", "notice_read": "on"}, "Ce numéro n'est pas valide"),
        ({"nickname": "Yaya", "phone": "06 12 34 56 78"}, "Ce champ est obligatoire."),
    ],
)
def test_bad_input_is_explained_in_french_and_journaled(client, session, data, message):
    response = client.post(form_url(session), data)
    assert message in text(response)
    assert not SelfRegistration.objects.exists()
    assert SelfRegistrationAttempt.objects.get().outcome == SubmissionOutcome.INVALID


def test_the_form_expires_after_the_session_s_day(client, professional, today):
    yesterday = OutreachSessionFactory(date=today - datetime.timedelta(days=1), staff=[professional])
    assert client.get(form_url(yesterday)).status_code == 410
    response = client.post(form_url(yesterday), VALID)
    assert response.status_code == 410
    assert "Ce QR code n'est plus valable" in text(response)
    assert not SelfRegistration.objects.exists()
    assert SelfRegistrationAttempt.objects.get().outcome == SubmissionOutcome.EXPIRED


def test_a_forged_address_is_refused(client, session):
    assert client.get(reverse("outreach:self_register", args=["forged-token-1234567"])).status_code == 410


def test_fifty_posts_a_minute_are_refused_past_the_limit(client, session):
    answers = [client.post(form_url(session), VALID, REMOTE_ADDR="203.0.113.9").status_code for _ in range(50)]
    allowed, _window = self_registration.ADDRESS_LIMIT
    assert answers[:allowed] == [200] * allowed and set(answers[allowed:]) == {429}
    assert SelfRegistration.objects.count() == allowed
    assert SelfRegistrationAttempt.objects.filter(outcome=SubmissionOutcome.RATE_LIMITED).count() == 50 - allowed
    assert client.post(form_url(session), VALID, REMOTE_ADDR="203.0.113.10").status_code == 200  # another address


def test_a_session_takes_a_bounded_number_of_submissions(session):
    allowed, _window = self_registration.SESSION_LIMIT
    for number in range(allowed):
        Client().post(form_url(session), VALID, REMOTE_ADDR=f"10.0.{number // 200}.{number % 200}")
    response = Client().post(form_url(session), VALID, REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 429 and SelfRegistration.objects.count() == allowed


def test_staff_confirm_a_pending_contact_into_a_record(client, professional_client, professional, session, today):
    client.post(form_url(session), VALID)
    registration = SelfRegistration.objects.get()
    page = text(professional_client.get(reverse("outreach:field_session", args=[session.pk])))
    assert "Yaya" in page and fr("Inscrits par QR code : à confirmer") in page
    url = reverse("outreach:registration_decide", args=[session.pk, registration.pk])
    confirm = with_token(decision="confirm")
    professional_client.post(url, confirm)
    assert professional_client.post(url, confirm).status_code == 302  # twice: one record
    youth = Youth.objects.with_stage().get()
    assert (youth.nickname, youth.phone, youth.consent_channel, youth.information_notice_given_on) == (
        "Yaya",
        "06 12 34 56 78",
        ConsentChannel.SELF,
        today,
    )
    assert youth.stage == Stage.IDENTIFIED
    assert NamedContact.objects.get().session == session
    session.refresh_from_db()
    assert session.status == SessionStatus.DONE
    registration.refresh_from_db()
    assert (registration.status, registration.decided_by) == (RegistrationStatus.CONFIRMED, professional)


def test_discarding_erases_what_was_typed(client, professional_client, session):
    client.post(form_url(session), VALID)
    registration = SelfRegistration.objects.get()
    professional_client.post(
        reverse("outreach:registration_decide", args=[session.pk, registration.pk]), {"decision": "discard"}
    )
    registration.refresh_from_db()
    assert (registration.status, registration.nickname, registration.phone) == (RegistrationStatus.DISCARDED, "", "")
    assert not Youth.objects.exists()


def test_outsiders_cannot_decide(client, outsider_client, session):
    client.post(form_url(session), VALID)
    registration = SelfRegistration.objects.get()
    url = reverse("outreach:registration_decide", args=[session.pk, registration.pk])
    assert outsider_client.post(url, {"decision": "confirm"}).status_code == 403
    assert not Youth.objects.exists()


def test_retention_erases_registrations_nobody_decided(client, session):
    from reflex.privacy.retention import apply_retention

    client.post(form_url(session), VALID)
    SelfRegistration.objects.update(created_at=timezone.now() - datetime.timedelta(days=31))
    SelfRegistrationAttempt.objects.update(at=timezone.now() - datetime.timedelta(days=800))
    apply_retention()
    registration = SelfRegistration.objects.get()
    assert (registration.status, registration.nickname, registration.phone) == (RegistrationStatus.DISCARDED, "", "")
    assert not SelfRegistrationAttempt.objects.exists()


def test_a_form_sent_twice_registers_once(client, session):
    """A double tap, or the form sent again after a lost answer: the same registration, the same thanks."""
    page = text(client.get(form_url(session)))
    submission_id = re.search(r'name="submission_id" value="([0-9a-f-]+)"', page).group(1)
    for _ in range(2):
        response = client.post(form_url(session), {**VALID, "submission_id": submission_id}, REMOTE_ADDR="203.0.113.7")
        assert fr("Merci ! Quelqu'un de l'équipe va te rappeler bientôt.") in text(response)
    assert SelfRegistration.objects.count() == 1
    client.post(form_url(session), {**VALID, "nickname": "Sam"}, REMOTE_ADDR="203.0.113.8")  # another form: another
    assert SelfRegistration.objects.count() == 2
