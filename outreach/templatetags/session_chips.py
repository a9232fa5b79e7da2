"""`{% session_chip session %}`: a session in the planning calendars.

Written in Python rather than included: a department's week shows about a hundred sessions, and a template include
per session cost more than everything else on the page.
"""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from ..enums import SessionMode

register = template.Library()


@register.simple_tag
def session_chip(session, compact=False):
    details = ""
    if not compact:
        staff = ", ".join(member.first_name for member in session.staff.all())
        details = format_html(
            '<span class="d-block small text-body-secondary text-truncate">{}{}</span>',
            SessionMode(session.mode).label if session.mode in SessionMode.values else session.mode,
            f" · {staff}" if staff else "",
        )
    badge = ""
    if session.is_cancelled:
        badge = format_html('<span class="badge text-bg-secondary">{}</span>', _("Cancelled"))
    elif session.is_done:
        badge = format_html('<span class="badge text-bg-success">{}</span>', _("Logged"))
    return format_html(
        '<a href="{}" class="session-chip session-{} mode-{} d-block text-decoration-none mb-1">'
        '<span class="fw-semibold">{}–{}</span> <span class="d-block text-truncate">{}</span>{}{}</a>',
        reverse("outreach:session_detail", args=[session.pk]),
        session.status,
        session.mode,
        session.start_time.strftime("%H:%M"),
        session.end_time.strftime("%H:%M"),
        session.place.name,
        details,
        badge,
    )
