"""`{% follow_up_item follow_up %}`: one follow-up in the young person's list (the page and the panel).

Written in Python rather than included: the page lists thirty of them, and an include per follow-up cost more
than the queries of the page. `readable` and `can_edit` are set on each follow-up by the view.
"""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def follow_up_item(follow_up):
    heading = format_html(
        "<strong>{}</strong> · {}{}{}",
        date_format(follow_up.happened_on, "SHORT_DATE_FORMAT"),
        follow_up.get_mode_display(),
        f" · {follow_up.duration_minutes} min" if follow_up.duration_minutes else "",
        format_html(' <span class="badge text-bg-dark">{}</span>', _("Confidential"))
        if follow_up.confidential
        else "",
    )
    return format_html(
        '<li class="list-group-item">'
        '<div class="d-flex flex-wrap justify-content-between gap-2"><span>{}</span>'
        '<span class="small text-body-secondary">{}</span></div>{}{}</li>',
        heading,
        follow_up.author,
        _notes(follow_up),
        _edit_link(follow_up),
    )


def _notes(follow_up):
    if not follow_up.readable:
        return format_html(
            '<p class="mb-1 small fst-italic text-body-secondary">{}</p>',
            _("Confidential note, held by %(holders)s.")
            % {"holders": getattr(follow_up, "holders", _("the referent"))},
        )
    parts = []
    if follow_up.summary:
        parts.append(
            format_html('<p class="mb-1 text-break">{}</p>', linebreaksbr(follow_up.summary, autoescape=True))
        )
    if follow_up.next_step:
        parts.append(
            format_html(
                '<p class="mb-1 small"><span class="text-body-secondary">{}</span> {}</p>',
                _("Next step:"),
                follow_up.next_step,
            )
        )
    return mark_safe("".join(parts))  # each part is built by format_html


def _edit_link(follow_up):
    if not getattr(follow_up, "can_edit", False):
        return ""
    return format_html(
        '<a class="small" href="{}">{}</a>', reverse("accompaniment:follow_up_edit", args=[follow_up.pk]), _("Edit")
    )
