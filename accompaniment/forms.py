from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from partners.forms import DateInput
from partners.models import Organisation, User
from reflex.conflicts import RefusesStaleSaves
from reflex.date_range import BoundedDates
from reflex.widgets import QuickSelect

from . import need_to_know
from .enums import (
    EXIT_GROUP_OF_OUTCOME,
    SENSITIVE_BARRIER_CATEGORIES,
    ActionKind,
    Attendance,
    BarrierCategory,
    ExitGroup,
)
from .models import Action, Barrier, ExitCheck, FollowUp, Pathway


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class ReferentField(forms.ModelChoiceField):
    """A professional or coordinator of any partner, still active."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": _("Choose an active professional or coordinator of the consortium as referent.")},
        )
        kwargs.setdefault("widget", QuickSelect)
        super().__init__(queryset=User.objects.professionals().order_by("last_name", "first_name"), **kwargs)

    def label_from_instance(self, user):
        return f"{user.get_full_name()} ({user.organisation})" if user.organisation else user.get_full_name()


def _not_in_future(value, message):
    if value and value > timezone.localdate():
        raise forms.ValidationError(message)
    return value


class PathwayStartForm(BoundedDates, forms.Form):
    referent = ReferentField(label=_("referent"))
    started_on = forms.DateField(label=_("start date"), widget=DateInput(), initial=timezone.localdate)
    planned_review_on = forms.DateField(label=_("planned review date"), widget=DateInput(), required=False)

    def __init__(self, *args, youth, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.youth = youth
        if not user.is_coordinator:
            # A professional starts a pathway they run themselves; coordinators assign anyone.
            self.fields["referent"].initial = user.pk

    def clean_started_on(self):
        return _not_in_future(self.cleaned_data["started_on"], _("A pathway cannot start in the future."))

    def clean(self):
        cleaned = super().clean()
        if Pathway.objects.open().filter(youth=self.youth).exists():
            raise forms.ValidationError(_("This young person already has a pathway in progress."))
        started_on, review_on = cleaned.get("started_on"), cleaned.get("planned_review_on")
        if started_on and review_on and review_on < started_on:
            self.add_error("planned_review_on", _("The review date is before the start of the pathway."))
        return cleaned


class PathwayForm(BoundedDates, RefusesStaleSaves, forms.ModelForm):
    class Meta:
        model = Pathway
        fields = ["planned_review_on"]
        widgets = {"planned_review_on": DateInput()}

    def clean_planned_review_on(self):
        value = self.cleaned_data["planned_review_on"]
        if value and value < self.instance.started_on:
            raise forms.ValidationError(_("The review date is before the start of the pathway."))
        return value


class ReferentChangeForm(BoundedDates, forms.Form):
    referent = ReferentField(label=_("new referent"))
    reason = forms.CharField(label=_("reason"), max_length=300, widget=forms.TextInput())
    changed_on = forms.DateField(label=_("date"), widget=DateInput(), initial=timezone.localdate)

    def __init__(self, *args, pathway, **kwargs):
        super().__init__(*args, **kwargs)
        self.pathway = pathway

    def clean_referent(self):
        referent = self.cleaned_data["referent"]
        if referent.pk == self.pathway.referent_id:
            raise forms.ValidationError(_("This person is already the referent."))
        return referent

    def clean_changed_on(self):
        value = _not_in_future(self.cleaned_data["changed_on"], _("This date is in the future."))
        if value < self.pathway.started_on:
            raise forms.ValidationError(_("This date is before the start of the pathway."))
        return value


class BarrierForm(BoundedDates, forms.ModelForm):
    """Whoever may not read the notes of a health or justice barrier (need_to_know) gets the form without them, and
    may not move the barrier out of those categories (which would show the notes to everyone)."""

    class Meta:
        model = Barrier
        fields = ["category", "status", "identified_on", "addressed_on", "lifted_on", "notes"]
        widgets = {
            "identified_on": DateInput(),
            "addressed_on": DateInput(),
            "lifted_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, youth, **kwargs):
        super().__init__(*args, **kwargs)
        barrier = self.instance
        self.notes_withheld = barrier.pk is not None and not need_to_know.can_write(user, barrier, youth, "notes")
        if self.notes_withheld:
            del self.fields["notes"]
            self.fields["category"].choices = [
                (value, label) for value, label in BarrierCategory.choices if value in SENSITIVE_BARRIER_CATEGORIES
            ]
            self.holders = need_to_know.holders_label(barrier, youth, barrier.created_by)


class ActionForm(BoundedDates, forms.ModelForm):
    class Meta:
        model = Action
        fields = [
            "category",
            "title",
            "provider_organisation",
            "provider_name",
            "status",
            "starts_on",
            "ends_on",
            "barriers",
            "notes",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "barriers": forms.CheckboxSelectMultiple(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, pathway=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider_organisation"].queryset = Organisation.objects.order_by("name")
        if pathway is not None:
            self.instance.pathway = pathway
            self.instance.kind = ActionKind.INDIVIDUAL
            self.fields["barriers"].queryset = pathway.barriers.all()
        else:
            del self.fields["barriers"]
            self.instance.kind = ActionKind.COLLECTIVE


class FollowUpForm(BoundedDates, RefusesStaleSaves, forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = [
            "happened_on",
            "mode",
            "duration_minutes",
            "summary",
            "next_step",
            "next_appointment_at",
            "confidential",
        ]
        widgets = {
            "happened_on": DateInput(),
            "next_appointment_at": DateTimeInput(),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_duration_minutes(self):
        value = self.cleaned_data["duration_minutes"]
        if value is not None and value > 600:
            raise forms.ValidationError(_("A follow-up lasts at most 10 hours (600 minutes)."))
        return value


def grouped_outcome_choices():
    groups = []
    for group in ExitGroup:
        outcomes = [(outcome.value, outcome.label) for outcome, of in EXIT_GROUP_OF_OUTCOME.items() if of == group]
        groups.append((group.label, outcomes))
    return [("", "---------"), *groups]


class ExitForm(BoundedDates, forms.Form):
    exited_on = forms.DateField(label=_("exit date"), widget=DateInput(), initial=timezone.localdate)
    outcome = forms.ChoiceField(label=_("exit outcome"), choices=grouped_outcome_choices)
    notes = forms.CharField(label=_("notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, pathway, **kwargs):
        super().__init__(*args, **kwargs)
        self.pathway = pathway
        for field in self.fields.values():
            field.label = capfirst(field.label)

    def clean_exited_on(self):
        value = _not_in_future(self.cleaned_data["exited_on"], _("The exit cannot be dated in the future."))
        if value < self.pathway.started_on:
            raise forms.ValidationError(_("The exit cannot be dated before the start of the pathway."))
        return value

    def clean(self):
        if not self.pathway.is_open:
            raise forms.ValidationError(_("This pathway has already ended."))
        return super().clean()


class ExitCheckForm(BoundedDates, forms.ModelForm):
    held = forms.TypedChoiceField(
        label=_("Did the job or training hold?"),
        choices=[("true", _("Yes, it held")), ("false", _("No, it did not hold"))],
        coerce=lambda value: value == "true",
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether the job or training held.")},
    )

    class Meta:
        model = ExitCheck
        fields = ["held", "checked_on", "notes"]
        widgets = {"checked_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checked_on"].required = True
        self.fields["checked_on"].initial = timezone.localdate

    def clean_checked_on(self):
        value = _not_in_future(self.cleaned_data["checked_on"], _("This date is in the future."))
        if value < self.instance.exit.exited_on:
            raise forms.ValidationError(_("This date is before the exit."))
        return value


class AttendanceForm(forms.Form):
    attendance = forms.ChoiceField(choices=Attendance)
