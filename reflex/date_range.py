"""The dates the application accepts, wherever a person types one or a link carries one: 1900 to 2100.

Python's dates run from year 1 to 9999, so `?semaine=9999-12-31` or a session planned on 31/12/9999 would pass a
form and then overflow the first `+ timedelta(…)` (a 500). Every date field of every form goes through
`BoundedDates` (a test walks the forms to make sure), and views that read a date from the address use `in_range`;
what falls outside gets a clear French message instead.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

EARLIEST = datetime.date(1900, 1, 1)
LATEST = datetime.date(2100, 12, 31)


def in_range(day):
    """True for a date (or datetime) between EARLIEST and LATEST."""
    if isinstance(day, datetime.datetime):
        day = day.date()
    return day is not None and EARLIEST <= day <= LATEST


def validate_in_range(value):
    if value is not None and not in_range(value):
        raise ValidationError(
            _("Give a date between %(earliest)s and %(latest)s.")
            % {
                "earliest": date_format(EARLIEST, "SHORT_DATE_FORMAT"),
                "latest": date_format(LATEST, "SHORT_DATE_FORMAT"),
            },
            code="date_out_of_range",
        )


DATE_FIELDS = (forms.DateField, forms.DateTimeField, forms.SplitDateTimeField)  # the admin splits date and time


class BoundedDates:
    """Form mixin: every date and date-time field refuses what falls outside EARLIEST..LATEST, next to the field,
    and its date picker offers no more."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, DATE_FIELDS) and validate_in_range not in field.validators:
                field.validators.append(validate_in_range)
                if isinstance(field, forms.DateField) and not isinstance(field, forms.DateTimeField):
                    field.widget.attrs.setdefault("min", EARLIEST.isoformat())
                    field.widget.attrs.setdefault("max", LATEST.isoformat())


class BoundedDatesAdmin:
    """ModelAdmin mixin: the admin's forms bound their dates the same way."""

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (BoundedDates, form), {})
