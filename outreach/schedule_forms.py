"""Forms of the recommended schedule: the period, and the periods a coordinator marks."""

from django import forms
from django.utils.translation import gettext_lazy as _

from partners.forms import DateInput
from partners.models import User

from .analytics import weekday_label
from .enums import SessionMode
from .forms import StaffChoiceField, TimesMixin, staff_choices
from .models import MarkedPeriod, Place
from .schedule import BAND_KEYS, period_choices, slot_dates, typical_times

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


class SlotKeysField(forms.MultipleChoiceField):
    """Slot keys ticked on the page; their checking is the form's `clean_slots` (the plan may have moved since)."""

    def valid_value(self, value):
        return True


class SlotsPlanForm(TimesMixin, forms.Form):
    """Plan several recommended slots at once: every date of each slot in the period, for the chosen staff and mode.

    Each slot is "place-weekday-band" (as the schedule page writes it); its times are the usual ones there. Clashes
    with planned sessions (staff, truck) and between the chosen slots are refused with the slot named; nothing is
    planned unless every slot can be."""

    slots = SlotKeysField(label=_("Slots"), required=True)
    staff = StaffChoiceField(label=_("Staff"), queryset=User.objects.none(), required=True)
    mode = forms.ChoiceField(label=_("Mode"), choices=SessionMode.choices, initial=SessionMode.TRUCK)

    def __init__(self, *args, period, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.period, self.today = period, today
        self.fields["staff"].queryset = staff_choices()
        self.fields["slots"].error_messages["required"] = _("Tick at least one slot.")
        self.fields["staff"].error_messages["required"] = _("Choose who goes.")
        self.plans = []

    def clean_slots(self):
        plans = []
        places = {place.pk: place for place in Place.objects.active()}
        for value in self.cleaned_data["slots"]:
            try:
                place_id, weekday, band = value.split("-")
                place_id, weekday = int(place_id), int(weekday)
            except ValueError:
                raise forms.ValidationError(_("This slot is not valid.")) from None
            if place_id not in places or band not in BAND_KEYS or not 1 <= weekday <= 7:
                raise forms.ValidationError(_("This slot is not valid."))
            dates = slot_dates(self.period, weekday, self.today)
            if not dates:
                raise forms.ValidationError(
                    _("%(place)s on %(weekday)s: no date left in the period.")
                    % {"place": places[place_id], "weekday": weekday_label(weekday).lower()}
                )
            start, end = typical_times(place_id, weekday, band)
            plans.append({"place": places[place_id], "weekday": weekday, "dates": dates, "start": start, "end": end})
        return plans

    def clean(self):
        cleaned = super().clean()
        plans, staff, mode = cleaned.get("slots"), cleaned.get("staff"), cleaned.get("mode")
        if not plans or not staff or not mode:
            return cleaned
        for index, plan in enumerate(plans):
            for other in plans[index + 1 :]:
                if (
                    other["weekday"] == plan["weekday"]
                    and other["start"] < plan["end"]
                    and plan["start"] < other["end"]
                ):
                    self.add_error(
                        "slots",
                        _("%(first)s and %(second)s are at the same time: keep one.")
                        % {"first": plan["place"], "second": other["place"]},
                    )
                    return cleaned
            check = {"start_time": plan["start"], "end_time": plan["end"], "mode": mode, "staff": staff}
            self.check_overlaps(plan["dates"], check)
            if self.errors:
                return cleaned
        self.plans = plans
        return cleaned


class TerritoryForm(forms.Form):
    """Import the neighbourhoods' outlines (GeoJSON, WGS 84), checked by outreach.territory."""

    name = forms.CharField(label=_("Name"), max_length=100, initial=_("Neighbourhoods"))
    file = forms.FileField(label=_("GeoJSON file"))

    def clean_file(self):
        from .territory import MAX_BYTES, parse

        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is too big (2 MB at most): simplify the outlines."))
        self.areas = parse(upload.read())
        return upload
