"""A staff member's private iCalendar feed of their appointments.

Calendar apps copy what they read to other servers, so the feed carries the least that makes an appointment usable:
the time, the mode and place, the young person's initials, and the address of their page in RéFLEX (behind the
login). Never a full name, a phone number, a note or a barrier.
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .enums import AppointmentStatus
from .models import Appointment

PAST_DAYS = 60
FUTURE_DAYS = 366


def initials(youth):
    letters = [part[0].upper() for part in (youth.first_name, youth.last_name) if part]
    if not letters and youth.nickname:
        letters = [youth.nickname[0].upper()]
    return ".".join(letters) + "." if letters else f"#{youth.pk}"


def feed_for(feed, base_url=""):
    today = timezone.localdate()
    appointments = (
        Appointment.objects.for_staff(feed.user)
        .between(today - timedelta(days=PAST_DAYS), today + timedelta(days=FUTURE_DAYS))
        .select_related("youth")
        .order_by("starts_at", "pk")
    )
    calendar = Calendar()
    calendar.add("prodid", "-//RéFLEX//Rendez-vous//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("My RéFLEX appointments"))
    calendar.add("x-wr-timezone", timezone.get_current_timezone_name())
    stamp = timezone.now()
    for appointment in appointments:
        event = Event()
        event.add("uid", f"appointment-{appointment.pk}@reflex")
        event.add("dtstamp", stamp)
        event.add("dtstart", appointment.starts_at)
        event.add("dtend", appointment.ends_at)
        event.add(
            "summary",
            f"{_('Appointment')} · {initials(appointment.youth)} ({appointment.get_mode_display()})",
        )
        if appointment.place:
            event.add("location", appointment.place)
        event.add("url", base_url + reverse("accompaniment:youth", args=[appointment.youth_id]))
        cancelled = appointment.status in (AppointmentStatus.CANCELLED, AppointmentStatus.POSTPONED)
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()
