"""`{% figures_rows rows %}`: the rows of a breakdown table on the analytics page (outreach/_figures_table.html).

Written in Python rather than as a template loop: the page shows seven breakdowns (about sixty rows of nine figures),
and the loop with its number filters cost about as much as the rest of the page's template.
"""

from django import template
from django.conf import settings
from django.template.defaultfilters import floatformat
from django.utils import formats
from django.utils.html import format_html_join

register = template.Library()

ROW = (
    '<tr><th scope="row" class="fw-normal">{}</th>'
    '<td class="text-end">{}</td><td class="text-end">{}</td><td class="text-end">{}</td>'
    '<td class="text-end">{}</td><td class="text-end">{}</td><td class="text-end">{}</td>'
    '<td class="text-end">{}</td><td class="text-end">{}</td></tr>'
)


def number_formats():
    """(whole, fixed): a whole number as `{{ n }}` shows it, and a figure as `{{ x|floatformat:digits }}` shows it,
    for figures already rounded to `digits` (analytics rounds them). Without thousands grouping, the fast way: the
    digits Python writes, with the locale's decimal separator."""
    if settings.USE_THOUSAND_SEPARATOR:
        return formats.localize, floatformat
    separator = formats.get_format("DECIMAL_SEPARATOR")

    def fixed(value, digits):
        return f"{value:.{digits}f}".replace(".", separator)

    return str, fixed


@register.simple_tag
def figures_rows(rows):
    whole, fixed = number_formats()
    return format_html_join(
        "",
        ROW,
        (
            (
                row["label"],
                whole(row["sessions"]),
                fixed(row["staff_hours"], 1),
                whole(row["encounters"]),
                whole(row["new_encounters"]),
                whole(row["named_contacts"]),
                fixed(row["reach_per_staff_hour"], 2),
                whole(row["pathway_entries"]),
                fixed(row["entries_per_staff_hour"], 3),
            )
            for row in rows
        ),
    )
