"""Funders are told by e-mail when a progress report is published: a link, no figure and no personal data. The
messages leave through the worker (reflex/mail.py)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from partners.enums import Role
from partners.models import User
from reflex.mail import send_email


def notify_funders(report, request):
    link = request.build_absolute_uri(reverse("reports:detail", args=[report.pk]))
    recipients = list(
        User.objects.filter(role=Role.FUNDER, is_active=True).exclude(email="").values_list("email", flat=True)
    )
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("RéFLEX: a progress report is published")
        body = render_to_string("reports/email/published.txt", {"report": report, "link": link})
    for email in recipients:  # one message each: funders do not see each other's addresses
        send_email.enqueue(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
    return len(recipients)
