"""`{% youth_card youth %}` and `{% youth_row youth %}`: a young person in the list, as a card (phones) and as a
table row (wider screens).

Written in Python rather than in the template: the page shows each of its 25 records twice, and the template
loop cost more than the query that reads them. The records come with `with_stage()` and `with_age()`.
"""

from django import template
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from .youth_stages import stage_badge

register = template.Library()


def _date(value):
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""


def _place(youth, default=""):
    return youth.neighbourhood.name if youth.neighbourhood else (youth.town or default)


def _out_of_target(youth, before=""):
    if not youth.out_of_target_confirmed:
        return ""
    return format_html('{}<span class="badge text-bg-danger">{}</span>', before, _("Out of target"))


@register.simple_tag
def youth_card(youth):
    age = ""
    if youth.age_at_first_contact is not None:
        age = format_html("{} · ", _("%(age)s at first contact") % {"age": youth.age_at_first_contact})
    referent = format_html(" · {}", youth.referent.get_full_name()) if youth.referent else ""
    return format_html(
        '<div class="card youth-card mb-2"><div class="card-body py-2">'
        '<div class="d-flex justify-content-between gap-2">'
        '<a class="fw-semibold stretched-link" href="{}">{}</a>{}</div>'
        '<div class="youth-card-meta text-body-secondary">{}{}<br>{}&nbsp;: {}{}{}</div>'
        "</div></div>",
        reverse("youths:detail", args=[youth.pk]),
        youth.display_name,
        stage_badge(youth.stage, youth.stage_label),
        age,
        _place(youth),
        _("Last contact"),
        _date(youth.last_contact_on),
        referent,
        _out_of_target(youth),
    )


@register.simple_tag
def youth_row(youth):
    referent = (
        youth.referent.get_full_name()
        if youth.referent
        else format_html('<span class="text-body-secondary">{}</span>', _("None yet"))
    )
    age = youth.age_at_first_contact
    return format_html(
        '<tr><td><a href="{}">{}</a>{}</td><td>{}</td><td>{}</td>'
        '<td>{} <small class="text-body-secondary">{}</small></td><td>{}</td><td>{}</td><td>{}</td></tr>',
        reverse("youths:detail", args=[youth.pk]),
        youth.display_name,
        _out_of_target(youth, before=" "),
        "–" if age is None else age,
        _place(youth, default="–"),
        stage_badge(youth.stage, youth.stage_label),
        _date(youth.stage_on),
        _date(youth.first_contact_on),
        _date(youth.last_contact_on),
        referent,
    )
