from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from partners.forms import DateInput
from partners.models import Organisation, User
from reflex.conflicts import RefusesStaleSaves
from reflex.date_range import BoundedDates
from reflex.form_rendering import CHOOSE
from reflex.widgets import QuickSelect
from youths.enums import Stage
from youths.models import Youth

from . import need_to_know
from .enums import (
    CHECKED_EXIT_GROUPS,
    EXIT_GROUP_OF_OUTCOME,
    SENSITIVE_BARRIER_CATEGORIES,
    ActionKind,
    Attendance,
    BarrierCategory,
    BarrierStatus,
    ContractType,
    ExitGroup,
    ReminderChannel,
)
from .models import Action, Appointment, Barrier, ExitCheck, FollowUp, Pathway, Todo


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
    """A barrier moves along identified → being addressed → lifted; "closed at the exit" is the exit's to set.
    Whoever may not read the notes of a health or justice barrier (need_to_know) gets the form without them, and
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
        if self.instance.status != BarrierStatus.CLOSED:
            self.fields["status"].choices = [
                choice for choice in self.fields["status"].choices if choice[0] != BarrierStatus.CLOSED
            ]


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
    """A follow-up; when it is new, its next step may become a to-do with a due date, and its next appointment an
    appointment in the agenda (both saved by `save_next_steps` once the follow-up is saved)."""

    next_step_due_on = forms.DateField(
        label=_("next step due on"),
        widget=DateInput(),
        required=False,
        help_text=_("The next step then appears in your to-dos."),
    )
    next_appointment_at = forms.DateTimeField(
        label=_("next appointment"),
        widget=DateTimeInput(),
        required=False,
        help_text=_("It is added to the agenda of the person who logs the follow-up."),
    )

    class Meta:
        model = FollowUp
        fields = [
            "happened_on",
            "mode",
            "duration_minutes",
            "summary",
            "next_step",
            "next_step_due_on",
            "next_appointment_at",
            "confidential",
        ]
        widgets = {
            "happened_on": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Once logged, its to-do and appointment live on their own (ticked, marked, moved).
            del self.fields["next_step_due_on"]
            del self.fields["next_appointment_at"]

    def clean_duration_minutes(self):
        value = self.cleaned_data["duration_minutes"]
        if value is not None and value > 600:
            raise forms.ValidationError(_("A follow-up lasts at most 10 hours (600 minutes)."))
        return value

    def clean_next_step_due_on(self):
        value = self.cleaned_data["next_step_due_on"]
        if value and value < timezone.localdate():
            raise forms.ValidationError(_("This date has passed."))
        return value

    def clean_next_appointment_at(self):
        value = self.cleaned_data["next_appointment_at"]
        if value and value < timezone.now():
            raise forms.ValidationError(_("This time has passed: the next appointment is in the future."))
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("next_step_due_on") and not (cleaned.get("next_step") or "").strip():
            self.add_error("next_step", _("Say what the next step is, or leave its due date empty."))
        return cleaned

    def save_next_steps(self, follow_up):
        """The to-do and the appointment this new follow-up sets, if any."""
        from .appointments import plan_next_steps

        if "next_appointment_at" not in self.fields:
            return
        plan_next_steps(
            follow_up,
            due_on=self.cleaned_data.get("next_step_due_on"),
            appointment_at=self.cleaned_data.get("next_appointment_at"),
        )


class AppointmentForm(BoundedDates, forms.ModelForm):
    """An appointment with a young person; staff default to the person making it."""

    staff = ReferentField(label=_("with"))

    class Meta:
        model = Appointment
        fields = ["starts_at", "duration_minutes", "mode", "place", "staff"]
        widgets = {"starts_at": DateTimeInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["starts_at"].label = capfirst(_("date and time"))
        self.fields["staff"].label = capfirst(_("with"))
        self.fields["staff"].error_messages["invalid_choice"] = _(
            "Choose an active professional or coordinator of the consortium."
        )

    def clean_starts_at(self):
        value = self.cleaned_data["starts_at"]
        changed = self.instance._state.adding or "starts_at" in self.changed_data
        if value and changed and self.instance.is_planned and value < timezone.now():
            raise forms.ValidationError(_("This time has passed: an upcoming appointment is in the future."))
        return value

    def clean_duration_minutes(self):
        value = self.cleaned_data["duration_minutes"]
        if value is not None and not 5 <= value <= 600:
            raise forms.ValidationError(_("Between 5 and 600 minutes."))
        return value


class TodoForm(BoundedDates, forms.ModelForm):
    class Meta:
        model = Todo
        fields = ["title", "due_on"]
        widgets = {"due_on": DateInput()}

    def clean_due_on(self):
        value = self.cleaned_data["due_on"]
        if value and value < timezone.localdate() and "due_on" in self.changed_data:
            raise forms.ValidationError(_("This date has passed."))
        return value


def grouped_outcome_choices():
    groups = []
    for group in ExitGroup:
        outcomes = [(outcome.value, outcome.label) for outcome, of in EXIT_GROUP_OF_OUTCOME.items() if of == group]
        groups.append((group.label, outcomes))
    return [("", CHOOSE), *groups]


class ExitForm(BoundedDates, forms.Form):
    exited_on = forms.DateField(label=_("exit date"), widget=DateInput(), initial=timezone.localdate)
    outcome = forms.ChoiceField(
        label=_("exit outcome"),
        choices=grouped_outcome_choices,
        help_text=_("The situation on the exit date; the reports count exits by these groups."),
    )
    employer = forms.CharField(
        label=_("employer or organisation"),
        max_length=200,
        required=False,
        help_text=_("For a job, a work-study contract or a training: who hires or trains."),
    )
    contract_type = forms.ChoiceField(
        label=_("contract type"), choices=[("", CHOOSE), *ContractType.choices], required=False
    )
    job_starts_on = forms.DateField(label=_("start of the job or training"), widget=DateInput(), required=False)
    weekly_hours = forms.IntegerField(label=_("weekly hours"), min_value=1, max_value=60, required=False)
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
        cleaned = super().clean()
        outcome = cleaned.get("outcome")
        group = EXIT_GROUP_OF_OUTCOME.get(outcome) if outcome else None
        if group in CHECKED_EXIT_GROUPS:
            if not cleaned.get("employer", "").strip():
                self.add_error("employer", _("Name the employer or the training organisation."))
            if group != ExitGroup.TRAINING and not cleaned.get("contract_type"):
                self.add_error("contract_type", _("Give the contract type."))
        elif outcome:
            # Job details belong to job and training exits only.
            for name in ("employer", "contract_type", "job_starts_on", "weekly_hours"):
                if cleaned.get(name) not in (None, ""):
                    self.add_error(name, _("Only for an exit to a job, a work-study contract or a training."))
        if group == ExitGroup.TRAINING and not cleaned.get("contract_type") and "contract_type" not in self.errors:
            cleaned["contract_type"] = ContractType.TRAINING
        return cleaned

    def details(self):
        """What Exit.record stores besides the outcome, date and notes."""
        return {name: self.cleaned_data.get(name) or None for name in ("job_starts_on", "weekly_hours")} | {
            "employer": self.cleaned_data.get("employer", "").strip(),
            "contract_type": self.cleaned_data.get("contract_type") or "",
        }


class ExitCloseForm(forms.Form):
    """After the exit: what becomes of each open barrier, planned action and future appointment."""

    def __init__(self, *args, barriers, actions, appointments, **kwargs):
        from .exits import ACTION_CANCELLED, ACTION_DONE, BARRIER_CLOSED, BARRIER_LIFTED, KEEP

        super().__init__(*args, **kwargs)
        self.barriers, self.actions, self.appointments = barriers, actions, appointments
        barrier_choices = [
            (BARRIER_CLOSED, _("Close it (not lifted)")),
            (BARRIER_LIFTED, _("Lifted")),
            (KEEP, _("Leave it open")),
        ]
        action_choices = [(ACTION_CANCELLED, _("Cancel it")), (ACTION_DONE, _("Done")), (KEEP, _("Leave it planned"))]
        for barrier in barriers:
            self.fields[f"barrier_{barrier.pk}"] = forms.ChoiceField(
                label=_("Barrier: %(name)s") % {"name": barrier.get_category_display()},
                choices=barrier_choices,
                initial=BARRIER_CLOSED,
            )
        for action in actions:
            self.fields[f"action_{action.pk}"] = forms.ChoiceField(
                label=_("Action: %(name)s") % {"name": action.title},
                choices=action_choices,
                initial=ACTION_CANCELLED,
            )
        for appointment in appointments:
            self.fields[f"appointment_{appointment.pk}"] = forms.BooleanField(
                label=_("Cancel the appointment of %(when)s")
                % {"when": date_format(timezone.localtime(appointment.starts_at), "SHORT_DATETIME_FORMAT")},
                required=False,
                initial=True,
            )

    def decisions(self):
        data = self.cleaned_data
        return {
            "barriers": {barrier: data[f"barrier_{barrier.pk}"] for barrier in self.barriers},
            "actions": {action: data[f"action_{action.pk}"] for action in self.actions},
            "appointments": [a for a in self.appointments if data.get(f"appointment_{a.pk}")],
        }


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


class AssignForm(BoundedDates, forms.Form):
    """Start a pathway with one referent for the young people ticked on the waiting list."""

    youths = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.MultipleHiddenInput,
        error_messages={
            "required": _("Tick at least one young person."),
            "invalid_choice": _("One of these young people no longer waits for a referent: reload the list."),
            "invalid_pk_value": _("One of these young people no longer waits for a referent: reload the list."),
        },
    )
    referent = ReferentField(label=_("referent"))
    started_on = forms.DateField(label=_("start date"), widget=DateInput(), initial=timezone.localdate)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["youths"].queryset = Youth.objects.filter(
            funnel_facts__current=True, funnel_facts__stage=Stage.MOBILISED
        )

    def clean_started_on(self):
        return _not_in_future(self.cleaned_data["started_on"], _("A pathway cannot start in the future."))

    def clean(self):
        cleaned = super().clean()
        started_on = cleaned.get("started_on")
        late = [
            youth
            for youth in cleaned.get("youths") or []
            if youth.first_contact_on and started_on and started_on < youth.first_contact_on
        ]
        if late:
            self.add_error("started_on", _("This date is before the first contact of one of these young people."))
        return cleaned


class ReminderConsentForm(forms.Form):
    """Does the young person want a reminder the day before each appointment, and how? "No" withdraws it."""

    NONE = "none"
    channel = forms.ChoiceField(
        label=_("Appointment reminders"),
        choices=[*ReminderChannel.choices, (NONE, _("No reminder"))],
    )

    def __init__(self, *args, youth, **kwargs):
        super().__init__(*args, **kwargs)
        self.youth = youth

    def clean_channel(self):
        from .reminders import _address

        channel = self.cleaned_data["channel"]
        if channel != self.NONE and _address(self.youth, channel) is None:
            if channel == ReminderChannel.SMS:
                raise forms.ValidationError(_("This young person has no valid phone number on their record."))
            raise forms.ValidationError(_("This young person has no e-mail address on their record."))
        return channel
