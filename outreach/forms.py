from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.forms import DateInput
from partners.models import Organisation, User
from reflex.date_range import BoundedDates
from youths.models import Youth

from .enums import Channel, SessionMode
from .models import (
    MAX_ENCOUNTERS_PER_SESSION,
    EncounterTally,
    NamedContact,
    OnlineOutreach,
    OutreachSession,
    Place,
    Relay,
)
from .planning import MAX_OCCURRENCES, weekly_dates


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


def youths_visible_to(user):
    manager = Youth.objects
    return manager.visible_to(user) if hasattr(manager, "visible_to") else manager.all()


def staff_choices():
    return User.objects.professionals().filter(is_superuser=False).order_by("first_name", "last_name")


class StaffChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return obj.get_full_name()


class PlaceForm(forms.ModelForm):
    class Meta:
        model = Place
        fields = ["name", "neighbourhood", "kind", "latitude", "longitude", "is_active"]

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("latitude") is None) != (cleaned.get("longitude") is None):
            raise forms.ValidationError(_("Give both the latitude and the longitude, or neither."))
        return cleaned


class TimesMixin:
    """A session or online outreach ends after it starts; its staff are not elsewhere at the same time."""

    def clean_times(self, cleaned):
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The end must be after the start."))
            return False
        return bool(start and end)

    def check_truck(self, dates, cleaned, exclude=()):
        """The truck is one: two truck sessions may not overlap."""
        if cleaned.get("mode") != SessionMode.TRUCK or not dates:
            return
        OutreachSession.objects.lock_truck(dates)  # two people booking the truck at once: the second waits, then sees
        clash = (
            OutreachSession.objects.truck_clashes(dates, cleaned["start_time"], cleaned["end_time"])
            .exclude(pk__in=exclude)
            .select_related("place")
            .order_by("date", "start_time")
            .first()
        )
        if clash is not None:
            self.add_error("mode", _("The truck is already out at that time: %(session)s.") % {"session": clash})

    def check_overlaps(self, dates, cleaned, exclude=()):
        self.check_truck(dates, cleaned, exclude)
        staff = cleaned.get("staff")
        if not staff or not dates:
            return
        clashes = (
            OutreachSession.objects.exclude(pk__in=exclude)
            .exclude(status="cancelled")
            .filter(
                date__in=dates,
                start_time__lt=cleaned["end_time"],
                end_time__gt=cleaned["start_time"],
                staff__in=staff,
            )
            .select_related("place")
            .order_by("date")
        )
        clash = clashes.first()
        if clash is not None:
            busy = sorted(
                {member.get_full_name() for member in staff} & {m.get_full_name() for m in clash.staff.all()}
            )
            self.add_error(
                "staff",
                _("%(names)s already has a session at that time: %(session)s.")
                % {"names": ", ".join(busy), "session": clash},
            )


class SessionPlanForm(BoundedDates, TimesMixin, forms.ModelForm):
    """Plan a session, possibly repeated every week (or every n weeks) until a date."""

    staff = StaffChoiceField(label=_("Staff"), queryset=User.objects.none(), required=False)
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations involved"),
        queryset=Organisation.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    repeat = forms.BooleanField(label=_("Repeat every week"), required=False)
    interval_weeks = forms.IntegerField(label=_("Every … weeks"), min_value=1, max_value=8, initial=1, required=False)
    until = forms.DateField(label=_("Until"), required=False, widget=DateInput())

    class Meta:
        model = OutreachSession
        fields = ["date", "start_time", "end_time", "place", "mode", "staff", "organisations", "activity", "notes"]
        widgets = {
            "date": DateInput(),
            "start_time": TimeInput(),
            "end_time": TimeInput(),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, with_repetition=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff_choices()
        self.fields["place"].queryset = Place.objects.active().select_related("neighbourhood")
        if not with_repetition:
            for name in ("repeat", "interval_weeks", "until"):
                del self.fields[name]
        self.dates = []

    def clean(self):
        cleaned = super().clean()
        times_ok = self.clean_times(cleaned)
        day = cleaned.get("date")
        if day is None:
            return cleaned
        self.dates = [day]
        if self.instance.pk and self.instance.is_done and day > timezone.localdate():
            self.add_error("date", _("A session already logged cannot move into the future."))
            return cleaned
        if cleaned.get("repeat"):
            until = cleaned.get("until")
            if until is None:
                self.add_error("until", _("Give the date of the last session of the series."))
                return cleaned
            if until <= day:
                self.add_error("until", _("The series must end after its first session."))
                return cleaned
            self.dates = weekly_dates(day, until, cleaned.get("interval_weeks") or 1)
            if len(self.dates) > MAX_OCCURRENCES:
                self.add_error(
                    "until",
                    _("A series holds at most %(max)d sessions; choose an earlier end.") % {"max": MAX_OCCURRENCES},
                )
                return cleaned
        if times_ok:
            self.check_overlaps(self.dates, cleaned, exclude=[self.instance.pk] if self.instance.pk else [])
        return cleaned


class SeriesScopeForm(forms.Form):
    scope = forms.ChoiceField(
        label=_("Apply the changes to"),
        choices=[("this", _("this session only")), ("following", _("this session and the following ones"))],
        initial="this",
        widget=forms.RadioSelect,
    )


class SessionLogForm(BoundedDates, TimesMixin, forms.ModelForm):
    """What happened: who was there, the actual times, the weather, the activity run. The date is not in the future."""

    staff = StaffChoiceField(label=_("Who was there"), queryset=User.objects.none())

    class Meta:
        model = OutreachSession
        fields = [
            "date",
            "start_time",
            "end_time",
            "place",
            "mode",
            "staff",
            "weather",
            "activity",
            "activity_attendance",
            "notes",
        ]
        widgets = {
            "date": DateInput(),
            "start_time": TimeInput(),
            "end_time": TimeInput(),
            "notes": forms.Textarea(attrs={"rows": 2}),
            "activity_attendance": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
        }
        labels = {"activity": _("Collective activity run"), "activity_attendance": _("Attendance")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff_choices()
        self.fields["place"].queryset = Place.objects.active().select_related("neighbourhood")
        if "weather" in self.fields:
            self.fields["weather"].required = False

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("A session cannot be logged before it happens: the date is in the future."))
        return day

    def clean(self):
        cleaned = super().clean()
        if self.clean_times(cleaned) and cleaned.get("date"):
            self.check_overlaps([cleaned["date"]], cleaned, exclude=[self.instance.pk] if self.instance.pk else [])
        attendance = cleaned.get("activity_attendance")
        if attendance and not cleaned.get("activity"):
            self.add_error("activity", _("Name the activity whose attendance you give."))
        return cleaned


class TallyForm(forms.ModelForm):
    class Meta:
        model = EncounterTally
        fields = ["count", "new_count", "channel", "entourage_kind", "relay", "age_band", "sex"]
        widgets = {
            "count": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1}),
            "new_count": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
        }

    def __init__(self, *args, session=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        self.fields["count"].error_messages["min_value"] = _("Count at least one young person.")
        self.fields["new_count"].required = False
        self.fields["relay"].queryset = Relay.objects.active()

    def clean_count(self):
        count = self.cleaned_data["count"]
        if count < 1:
            raise forms.ValidationError(_("Count at least one young person."))
        if count > 500:
            raise forms.ValidationError(_("More than 500 young people in one line: check the number."))
        if self.session is not None and self.session.encounters_counted() + count > MAX_ENCOUNTERS_PER_SESSION:
            raise forms.ValidationError(
                _("More than %(max)d young people met in one session: check the count.")
                % {"max": MAX_ENCOUNTERS_PER_SESSION}
            )
        return count

    def clean_new_count(self):
        return self.cleaned_data.get("new_count") or 0

    def clean(self):
        cleaned = super().clean()
        count, new = cleaned.get("count"), cleaned.get("new_count")
        if count is not None and new is not None and new > count:
            self.add_error("new_count", _("There cannot be more new young people than young people met."))
        channel, kind = cleaned.get("channel"), cleaned.get("entourage_kind")
        relay = cleaned.get("relay")
        if channel == Channel.ENTOURAGE and not kind and relay:
            cleaned["entourage_kind"] = kind = relay.kind  # the relay says through whom
        if channel == Channel.ENTOURAGE and not kind:
            self.add_error("entourage_kind", _("Say through whom they were met."))
        if channel == Channel.DIRECT:
            cleaned["entourage_kind"] = ""
            cleaned["relay"] = None
        return cleaned


class YouthPickField(forms.ModelChoiceField):
    widget = forms.HiddenInput(attrs={"data-youth-picker-input": ""})
    default_error_messages = {
        "required": _("Choose a young person in the search, or create one."),
        "invalid_choice": _("This young person cannot be chosen."),
    }


class NamedContactForm(forms.ModelForm):
    youth = YouthPickField(label=_("Young person"), queryset=Youth.objects.none())

    class Meta:
        model = NamedContact
        fields = ["youth", "kind", "channel", "relay", "outcome"]

    def __init__(self, *args, session, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        self.fields["youth"].queryset = youths_visible_to(user)
        self.fields["relay"].queryset = Relay.objects.active()

    def clean(self):
        cleaned = super().clean()
        relay = cleaned.get("relay")
        if relay is not None and cleaned.get("channel") != Channel.ENTOURAGE:
            self.add_error("relay", _("A relay brings a young person through the entourage: choose that channel."))
        elif relay is not None:
            self.instance.entourage_kind = relay.kind
        return cleaned

    def clean_youth(self):
        youth = self.cleaned_data["youth"]
        if NamedContact.objects.filter(session=self.session, youth=youth).exists():
            raise forms.ValidationError(_("This young person is already among the contacts of this session."))
        return youth


class OnlineOutreachForm(BoundedDates, TimesMixin, forms.ModelForm):
    staff = StaffChoiceField(label=_("Staff"), queryset=User.objects.none())

    class Meta:
        model = OnlineOutreach
        fields = [
            "date",
            "start_time",
            "end_time",
            "platform",
            "kind",
            "staff",
            "messages_sent",
            "replies",
            "contacts_generated",
            "notes",
        ]
        widgets = {
            "date": DateInput(),
            "start_time": TimeInput(),
            "end_time": TimeInput(),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff_choices()

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Online outreach is logged once done: the date is in the future."))
        return day

    def clean(self):
        cleaned = super().clean()
        self.clean_times(cleaned)
        contacts, replies = cleaned.get("contacts_generated"), cleaned.get("replies")
        if contacts is not None and replies is not None and contacts > replies + (cleaned.get("messages_sent") or 0):
            self.add_error("contacts_generated", _("More contacts than messages and replies: check the numbers."))
        return cleaned


class OnlineYouthForm(forms.Form):
    youth = YouthPickField(label=_("Young person"), queryset=Youth.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["youth"].queryset = youths_visible_to(user)


class RelayForm(forms.ModelForm):
    """A relay: a label and a kind (outreach.relays refuses contact details in the label)."""

    class Meta:
        model = Relay
        fields = ["label", "kind", "place", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = Place.objects.active()

    def clean_label(self):
        from .relays import validate_relay_label

        label = self.cleaned_data["label"].strip()
        validate_relay_label(label)
        return label


class PeriodForm(BoundedDates, forms.Form):
    """The period and filters of the analytics page."""

    start = forms.DateField(label=_("From"), widget=DateInput(), required=False)
    end = forms.DateField(label=_("To"), widget=DateInput(), required=False)
    place = forms.ModelChoiceField(label=_("Place"), queryset=Place.objects.all(), required=False)
    mode = forms.ChoiceField(label=_("Mode"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .enums import SessionMode

        self.fields["mode"].choices = [("", _("All modes")), *SessionMode.choices]

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        cleaned["end"] = cleaned.get("end") or today
        cleaned["start"] = cleaned.get("start") or cleaned["end"] - timedelta(days=365)
        if cleaned["start"] > cleaned["end"]:
            self.add_error("end", _("The end of the period must be after its start."))
        return cleaned


class FieldStartForm(SessionLogForm):
    """ "Je suis en sortie" when the planning has nothing: the place, the times, the mode and who is there."""

    class Meta(SessionLogForm.Meta):
        fields = ["date", "start_time", "end_time", "place", "mode", "staff"]
