"""Filters for the reports' tables: the rows that count someone, and one line naming those that count nobody.

    {% for row in rows|counting %}…{% endfor %}
    {% with names=rows|counting_none %}{% if names %}<tr><td>{{ names }}</td></tr>{% endif %}{% endwith %}

`keys` (optional, comma-separated) names the columns a row must have a non-zero value in; "value" by default.
"""

from django import template

register = template.Library()


def _counts(row, keys):
    return any(row.get(key) for key in (keys or "value").split(","))


@register.filter
def counting(rows, keys=""):
    """The rows with a non-zero value in one of `keys`."""
    return [row for row in rows or [] if _counts(row, keys)]


@register.filter
def counting_none(rows, keys=""):
    """The labels of the rows with zero in every one of `keys`, joined ("Emploi durable, Autre"), or ""."""
    return ", ".join(str(row["label"]) for row in rows or [] if not _counts(row, keys))


@register.filter
def widening(rows, key="value"):
    """The rows counting more than the row before them ("Mobilisés (34) > Repérés (29)"), joined, or "": a later
    stage above an earlier one, which the page must explain where it shows it."""
    rows = list(rows or [])
    return ", ".join(
        f"{row['label']} ({row[key]}) > {before['label']} ({before[key]})"
        for before, row in zip(rows, rows[1:], strict=False)
        if (row.get(key) or 0) > (before.get(key) or 0)
    )
