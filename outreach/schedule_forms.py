"""Forms of the recommended schedule: the period, and the periods a coordinator marks."""

from django import forms
from django.utils.translation import gettext_lazy as _

from partners.forms import DateInput

from .models import MarkedPeriod
from .schedule import period_choices

MAX_MARKED_DAYS = 120


class SchedulePeriodForm(forms.Form):
    period = forms.ChoiceField(label=_("Schedule for"), required=False)

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        choices = period_choices(today)
        self.fields["period"].choices = [
            (_("Months"), [(period.key, period.label) for period in choices if period.key[0].isdigit()]),
            (_("Seasons"), [(period.key, period.label) for period in choices if not period.key[0].isdigit()]),
        ]


class MarkedPeriodForm(forms.ModelForm):
    """A period the schedule should show (Ramadan, a local festival…): a label, a kind and dates."""

    class Meta:
        model = MarkedPeriod
        fields = ["label", "kind", "starts_on", "ends_on"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("starts_on"), cleaned.get("ends_on")
        if first and last:
            if last < first:
                self.add_error("ends_on", _("The end of the period must be after its start."))
            elif (last - first).days > MAX_MARKED_DAYS:
                self.add_error(
                    "ends_on", _("A marked period lasts at most %(days)d days.") % {"days": MAX_MARKED_DAYS}
                )
        return cleaned
