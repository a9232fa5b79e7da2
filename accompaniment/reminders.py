"""Reminding young people of tomorrow's appointments, by text message or e-mail, when they agreed to it.

Run once a day by the worker (`accompaniment.tasks.send_reminders_task`, or `manage.py send_reminders`). Each
appointment is reminded at most once per channel: the Reminder row is created first (a unique constraint), locked
while it is sent, and a run finds the ones already sent. The text is the programme's (`Programme.reminder_text`):
the date, time and place only, nothing about the person or their situation. A reminder that cannot be sent (no
phone number, no e-mail, the provider refused) is kept with the reason, and the referent sees it.
"""

from datetime import timedelta

import phonenumbers
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from partners.models import Programme

from . import sms
from .enums import FollowUpMode, ReminderChannel, ReminderStatus
from .models import Appointment, Reminder

DEFAULT_TEXT = Programme._meta.get_field("reminder_text").default


def reminder_text(appointment, template):
    local = timezone.localtime(appointment.starts_at)
    with override(settings.LANGUAGE_CODE):
        place = appointment.place or (
            _("by phone") if appointment.mode == FollowUpMode.PHONE else appointment.get_mode_display()
        )
        values = {
            "date": formats.date_format(local, "l j F"),
            "heure": local.strftime("%H:%M").replace(":", "h"),
            "lieu": place,
        }
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return DEFAULT_TEXT.format(**values)


def _address(youth, channel):
    if channel == ReminderChannel.EMAIL:
        return youth.email or None
    try:
        number = phonenumbers.parse(youth.phone, "FR")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def due(day):
    """Planned appointments on `day` of young people who agreed and did not withdraw."""
    return (
        Appointment.objects.planned()
        .between(day, day + timedelta(days=1))
        .filter(youth__reminder_consent__isnull=False, youth__reminder_consent__withdrawn_on__isnull=True)
        .select_related("youth__reminder_consent")
        .order_by("starts_at", "pk")
    )


def send_reminders(day=None):
    """Send the reminders of `day` (tomorrow by default); returns {status: count} of this run's reminders."""
    day = day or timezone.localdate() + timedelta(days=1)
    programme = Programme.objects.current()
    template = programme.reminder_text if programme else DEFAULT_TEXT
    counts = {}
    for appointment in due(day):
        status = _remind(appointment, appointment.youth.reminder_consent.channel, template)
        if status:
            counts[status] = counts.get(status, 0) + 1
    return counts


def _remind(appointment, channel, template):
    try:
        with transaction.atomic():
            Reminder.objects.get_or_create(appointment=appointment, channel=channel)
    except IntegrityError:
        pass  # another run created it meanwhile
    with transaction.atomic():
        reminder = (
            Reminder.objects.select_for_update(skip_locked=True)
            .filter(appointment=appointment, channel=channel, status=ReminderStatus.PENDING)
            .first()
        )
        if reminder is None:
            return None  # sent, failed or being sent by another run
        address = _address(appointment.youth, channel)
        if address is None:
            reminder.status = ReminderStatus.SKIPPED
            with override(settings.LANGUAGE_CODE):
                reminder.detail = (
                    _("no valid phone number") if channel == ReminderChannel.SMS else _("no e-mail address")
                )
        else:
            _send(reminder, channel, address, reminder_text(appointment, template))
        reminder.save()
        return reminder.status


def _send(reminder, channel, address, text):
    try:
        if channel == ReminderChannel.SMS:
            reminder.provider_id = sms.backend().send(address, text)
        else:
            with override(settings.LANGUAGE_CODE):
                subject = _("Your appointment")
            send_mail(subject, text, None, [address])
    except sms.SmsError as error:
        with override(settings.LANGUAGE_CODE):
            reminder.status, reminder.detail = ReminderStatus.FAILED, _("SMS provider: %(error)s") % {"error": error}
    except OSError as error:  # the mail server
        with override(settings.LANGUAGE_CODE):
            reminder.status, reminder.detail = (
                ReminderStatus.FAILED,
                _("mail server: %(error)s") % {"error": type(error).__name__},
            )
    else:
        reminder.status, reminder.sent_at = ReminderStatus.SENT, timezone.now()
