"""iCalendar feeds of the planning: places, modes, times and staff first names; nothing about young people."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .enums import SessionStatus
from .models import OutreachSession

PAST_DAYS = 60
FUTURE_DAYS = 366


def feed_for(feed):
    today = timezone.localdate()
    sessions = (
        OutreachSession.objects.filter(
            date__gte=today - timedelta(days=PAST_DAYS), date__lte=today + timedelta(days=FUTURE_DAYS)
        )
        .select_related("place__neighbourhood")
        .prefetch_related("staff")
        .order_by("date", "start_time")
    )
    if feed.user is not None:
        sessions = sessions.filter(staff=feed.user)
    calendar = Calendar()
    calendar.add("prodid", "-//RéFLEX//Aller-vers//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("RéFLEX outreach") if feed.user is None else _("My RéFLEX outreach"))
    calendar.add("x-wr-timezone", timezone.get_current_timezone_name())
    stamp = timezone.now()
    for session in sessions:
        event = Event()
        event.add("uid", f"outreach-session-{session.pk}@reflex")
        event.add("dtstamp", stamp)
        event.add("dtstart", session.starts_at())
        event.add("dtend", session.ends_at())
        event.add("summary", f"{_('Outreach')} · {session.place.name} ({session.get_mode_display()})")
        location = session.place.name
        if session.place.neighbourhood:
            location = f"{location}, {session.place.neighbourhood}"
        event.add("location", location)
        first_names = sorted({member.first_name for member in session.staff.all()})
        description = [_("Staff: %(names)s") % {"names": ", ".join(first_names) or "—"}]
        if session.activity:
            description.append(_("Activity: %(activity)s") % {"activity": session.activity})
        event.add("description", "\n".join(description))
        if session.status == SessionStatus.CANCELLED:
            event.add("status", "CANCELLED")
        else:
            event.add("status", "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()
