"""Reminders of tomorrow's appointments: only with consent, by the channel chosen, once per appointment and
channel, with nothing sensitive in the text; failures kept and shown to the referent."""

import datetime
import io
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accompaniment import reminders
from accompaniment.models import Reminder, ReminderConsent
from accompaniment.sms import HttpBackend, SmsError
from reflex.typography import french_spacing as fr

from .factories import AppointmentFactory, BarrierFactory, FollowUpFactory

TOMORROW = timezone.localdate() + datetime.timedelta(days=1)
SENSITIVE_WORDS = ["santé", "justice", "frein", "handicap", "addiction", "logement", "Benaïssa", "Yasmine"]


class FakeSmsProvider(BaseHTTPRequestHandler):
    """A local stand-in for the SMS gateway: records each request, answers as configured."""

    received = []
    answer = (200, {"id": "msg-1"})

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).received.append({"body": body, "auth": self.headers["Authorization"]})
        status, payload = type(self).answer
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps(payload).encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def sms_server(settings):
    FakeSmsProvider.received, FakeSmsProvider.answer = [], (200, {"id": "msg-1"})
    server = HTTPServer(("127.0.0.1", 0), FakeSmsProvider)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SMS_BACKEND = "http"
    settings.SMS_HTTP_URL = f"http://127.0.0.1:{server.server_port}/messages"
    settings.SMS_HTTP_TOKEN = "secret-token"
    settings.SMS_SENDER = "REFLEX"
    yield FakeSmsProvider
    server.shutdown()
    server.server_close()


def tomorrow_at(hour):
    return timezone.make_aware(datetime.datetime.combine(TOMORROW, datetime.time(hour, 30)))


@pytest.fixture
def sensitive_pathway(pathway):
    BarrierFactory(pathway=pathway, category="health", notes="Suivi addiction")
    BarrierFactory(pathway=pathway, category="justice")
    FollowUpFactory(youth=pathway.youth, summary="Problème de santé", next_step="RDV justice")
    pathway.youth.phone = "06 12 34 56 78"
    pathway.youth.email = "yasmine@example.org"
    pathway.youth.save()
    return pathway


def consent(youth, channel):
    return ReminderConsent.objects.create(youth=youth, channel=channel)


def test_a_reminder_by_sms_goes_through_the_provider_once_and_says_nothing_sensitive(
    sms_server, professional, sensitive_pathway
):
    youth = sensitive_pathway.youth
    consent(youth, "sms")
    appointment = AppointmentFactory(
        youth=youth, staff=professional, starts_at=tomorrow_at(14), place="Mission Locale"
    )
    AppointmentFactory(youth=youth, staff=professional, starts_at=tomorrow_at(9) + datetime.timedelta(days=3))

    assert reminders.send_reminders() == {"sent": 1}
    assert reminders.send_reminders() == {}  # the second run sends nothing again
    assert len(sms_server.received) == 1
    sent = sms_server.received[0]
    assert sent["auth"] == "Bearer secret-token" and sent["body"]["to"] == "+33612345678"
    text = sent["body"]["text"]
    assert "14h30" in text and "Mission Locale" in text
    assert not [word for word in SENSITIVE_WORDS if word.lower() in text.lower()]
    reminder = Reminder.objects.get()
    assert (reminder.appointment, reminder.status, reminder.provider_id) == (appointment, "sent", "msg-1")


def test_a_reminder_by_e_mail_uses_django_s_mail(professional, sensitive_pathway, settings):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    consent(sensitive_pathway.youth, "email")
    AppointmentFactory(youth=sensitive_pathway.youth, staff=professional, starts_at=tomorrow_at(10), mode="phone")
    call_command("send_reminders", "--now", stdout=io.StringIO())
    assert [message.to for message in mail.outbox] == [["yasmine@example.org"]]
    body = mail.outbox[0].subject + mail.outbox[0].body
    assert "10h30" in body and "par téléphone" in body
    assert not [word for word in SENSITIVE_WORDS if word.lower() in body.lower()]


def test_no_consent_or_an_opt_out_means_no_reminder(sms_server, professional, sensitive_pathway):
    youth = sensitive_pathway.youth
    AppointmentFactory(youth=youth, staff=professional, starts_at=tomorrow_at(14))
    assert reminders.send_reminders() == {}
    given = consent(youth, "sms")
    given.withdrawn_on = timezone.localdate()
    given.save()
    assert reminders.send_reminders() == {}
    assert sms_server.received == [] and not Reminder.objects.exists()


def test_a_provider_failure_or_a_missing_number_is_kept_and_shown_to_the_referent(
    sms_server, professional, professional_client, pathway
):
    youth = pathway.youth
    youth.phone = ""
    youth.save()
    consent(youth, "sms")
    AppointmentFactory(youth=youth, staff=professional, starts_at=tomorrow_at(9))
    assert reminders.send_reminders() == {"skipped": 1}
    youth.phone = "0612345678"
    youth.save()
    sms_server.answer = (503, {"error": "busy"})
    other = AppointmentFactory(youth=youth, staff=professional, starts_at=tomorrow_at(16))
    assert reminders.send_reminders() == {"failed": 1}
    assert Reminder.objects.get(appointment=other).detail == fr("Fournisseur SMS : HTTP 503")
    page = professional_client.get(reverse("accompaniment:workspace")).content.decode()
    assert "Rappels non envoyés" in page and "pas de numéro de téléphone valide" in page
    youth_page = professional_client.get(reverse("accompaniment:youth", args=[youth.pk])).content.decode()
    assert "Rappel · SMS · Échec" in youth_page


def test_the_http_adapter_reports_an_unreachable_provider(settings):
    with pytest.raises(SmsError, match="unreachable"):
        HttpBackend("http://127.0.0.1:9/nowhere", "token", "REFLEX", timeout=2).send("+33612345678", "Bonjour")


def test_consent_is_recorded_and_withdrawn_from_the_youth_page(professional_client, pathway):
    url = reverse("accompaniment:reminder_consent", args=[pathway.youth.pk])
    pathway.youth.phone = ""
    pathway.youth.save()
    response = professional_client.post(url, {"channel": "sms"}, follow=True)
    assert "Ce jeune n&#x27;a pas de numéro de téléphone valide dans son dossier." in response.content.decode()
    assert not ReminderConsent.objects.exists()
    pathway.youth.phone = "06 12 34 56 78"
    pathway.youth.save()
    professional_client.post(url, {"channel": "sms"})
    assert ReminderConsent.objects.get().active
    professional_client.post(url, {"channel": "none"})
    withdrawn = ReminderConsent.objects.get()
    assert not withdrawn.active and withdrawn.withdrawn_on == timezone.localdate()


def test_the_coordinator_s_text_accepts_only_date_time_and_place(coordinator_client, programme):
    from django.core.exceptions import ValidationError

    programme.reminder_text = "RDV {date} {nom}"
    with pytest.raises(ValidationError):
        programme.full_clean()
