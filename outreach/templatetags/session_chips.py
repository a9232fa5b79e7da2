"""`{% session_chip session %}`: a session in the planning calendars.

Written in Python rather than included: a department's week shows about a hundred sessions, and a template include
per session cost more than everything else on the page. Plain strings with every value escaped (`escape`), rather
than `format_html` per part, for the same reason. Sessions come from `with_list_related_data()`.
"""

from html import escape

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..enums import SessionMode

register = template.Library()


@register.simple_tag
def session_chip(session, compact=False):
    details = ""
    if not compact:
        mode = SessionMode(session.mode).label if session.mode in SessionMode.values else session.mode
        staff = ", ".join(session.staff_first_names)
        details = (
            f'<span class="d-block small text-body-secondary text-truncate">{escape(str(mode))}'
            f"{escape(f' · {staff}') if staff else ''}</span>"
        )
    badge = ""
    if session.is_cancelled:
        badge = f'<span class="badge text-bg-secondary">{escape(_("Cancelled"))}</span>'
    elif session.is_done:
        badge = f'<span class="badge text-bg-success">{escape(_("Logged"))}</span>'
    url = reverse("outreach:session_detail", args=[session.pk])
    return mark_safe(  # every value above and below is escaped
        f'<a href="{escape(url)}" class="session-chip session-{escape(session.status)} mode-{escape(session.mode)} '
        f'd-block text-decoration-none mb-1"><span class="fw-semibold">{session.start_time:%H:%M}–'
        f'{session.end_time:%H:%M}</span> <span class="d-block text-truncate">{escape(session.place.name)}</span>'
        f"{details}{badge}</a>"
    )
