from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reflex.date_range import BoundedDates

from .indicators import Period

MAX_PERIOD_DAYS = 366 * 5


class PeriodForm(BoundedDates, forms.Form):
    start = forms.DateField(
        label=_("Start of the period"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label=_("End of the period (included)"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, programme=None, **kwargs):
        today = timezone.localdate()
        kwargs.setdefault(
            "initial",
            {"start": programme.start_date if programme else today - timedelta(days=89), "end": today},
        )
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("The end of the period must not be before its start."))
            elif (end - start).days > MAX_PERIOD_DAYS:
                self.add_error("end", _("A report covers at most five years."))
            elif start > timezone.localdate():
                self.add_error("start", _("The period starts in the future."))
        return cleaned

    @property
    def period(self):
        return Period(self.cleaned_data["start"], self.cleaned_data["end"])


class FunderReportForm(PeriodForm):
    narrative = forms.CharField(
        label=_("Coordinator's narrative"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Highlights, difficulties and prospects of the period. It is printed as written: never name or describe "
            "a young person."
        ),
    )
