from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.forms import DateInput
from partners.models import Programme
from reflex.conflicts import RefusesStaleSaves
from reflex.date_range import BoundedDates
from reflex.spreadsheet_cells import FORMULA_TRIGGERS

from . import identity
from .models import InstitutionKnowledge, Youth

NOTES_MAX_LENGTH = 5000
DEFAULT_AGE_RANGE = (16, 29)

# A refusal keeps only a pseudonymous record: nickname, neighbourhood, year of birth (and what statistics need:
# sex, qualification level, situation, dates). These fields are emptied.
CLEARED_ON_REFUSAL = ("first_name", "last_name", "birth_date", "phone", "email", "social_handle", "notes")


def programme_age_range():
    programme = Programme.objects.current()
    return (programme.min_age, programme.max_age) if programme else DEFAULT_AGE_RANGE


class YouthForm(BoundedDates, RefusesStaleSaves, forms.ModelForm):
    """Create or complete a record. Only a first name or a nickname is required.

    Editing: a save based on an older version than the saved one is refused with both versions shown, and the other
    person's save is kept (reflex.conflicts.RefusesStaleSaves); saving again with the new version keeps yours.

    The age at first contact outside the programme's range needs `confirm_out_of_target`, then flags the record out
    of target. A refusal of consent empties the identifying fields (see CLEARED_ON_REFUSAL).
    """

    confirm_out_of_target = forms.BooleanField(
        label=_("I confirm: this young person is outside the programme's age range"), required=False
    )
    conflict_message = _("Someone else saved this record while you were editing it: their version is kept.")

    class Meta:
        model = Youth
        fields = [
            "first_name",
            "last_name",
            "nickname",
            "sex",
            "birth_date",
            "birth_year",
            "phone",
            "email",
            "social_handle",
            "neighbourhood",
            "town",
            "first_contact_on",
            "first_reached_via",
            "situation_at_first_contact",
            "qualification_level",
            "left_school_on",
            "information_notice_given_on",
            "consent_channel",
            "shares_with_consortium",
            "refused_consent",
            "lost_contact_on",
            "notes",
        ]
        widgets = {
            "birth_date": DateInput(),
            "first_contact_on": DateInput(),
            "left_school_on": DateInput(),
            "information_notice_given_on": DateInput(),
            "lost_contact_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3, "maxlength": NOTES_MAX_LENGTH}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        }
        help_texts = {
            "birth_year": _("When the exact birth date is unknown."),
            "information_notice_given_on": _(
                "The day the young person was told what is recorded about them and why (the information notice)."
            ),
            "consent_channel": _("How they received the notice."),
            "shares_with_consortium": _(
                "Professionals of the other partners can then see this record; otherwise only its referent does."
            ),
            "nickname": _("A first name or a nickname is enough to create the record."),
            "refused_consent": _(
                "Only a pseudonymous record is kept: nickname, neighbourhood, year of birth. "
                "The other identity fields are emptied."
            ),
        }

    def __init__(self, *args, age_range=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.age_range = age_range or programme_age_range()
        self.age_at_first_contact = None
        self.out_of_target = False
        self.fields["neighbourhood"].queryset = self.fields["neighbourhood"].queryset.filter(is_active=True)
        self.fields["notes"].max_length = NOTES_MAX_LENGTH
        self.fields["notes"].validators.append(forms.CharField(max_length=NOTES_MAX_LENGTH).validators[0])
        self.fields["refused_consent"].label = _("Refuses that a record is kept about them")
        if self.instance.pk is None:
            del self.fields["lost_contact_on"]
        if not self.is_bound or "confirm_out_of_target" not in self.data:
            self.fields["confirm_out_of_target"].widget = forms.HiddenInput()

    def clean_birth_date(self):
        birth_date = self.cleaned_data.get("birth_date")
        if birth_date and birth_date > timezone.localdate():
            raise ValidationError(_("The birth date cannot be in the future."))
        if birth_date and birth_date.year < 1900:
            raise ValidationError(_("This birth date is not plausible."))
        return birth_date

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        if year is not None and not (1900 <= year <= timezone.localdate().year):
            raise ValidationError(_("Enter a year between 1900 and this year."))
        birth_date = self.cleaned_data.get("birth_date")
        if year is None and birth_date:
            year = birth_date.year  # here rather than in clean(), so that a stale save compares like with like
        return year

    def _not_a_formula(self, name):
        """A name that a spreadsheet would read as a formula is refused here, at entry and at import (exports
        neutralise such texts anyway: reflex.spreadsheet_cells)."""
        value = self.cleaned_data.get(name) or ""
        if value.startswith(FORMULA_TRIGGERS):
            raise ValidationError(_("A name cannot begin with =, +, - or @."))
        return value

    def clean_first_name(self):
        return self._not_a_formula("first_name")

    def clean_last_name(self):
        return self._not_a_formula("last_name")

    def clean_nickname(self):
        return self._not_a_formula("nickname")

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "").strip()
        if not phone:
            return ""
        if not identity.phone_key(phone):
            raise ValidationError(_("This phone number is not valid (e.g. 06 12 34 56 78)."))
        return identity.format_phone(phone)

    def clean_email(self):
        return identity.email_key(self.cleaned_data.get("email"))

    def _not_in_future(self, name):
        day = self.cleaned_data.get(name)
        if day and day > timezone.localdate():
            self.add_error(name, _("This date cannot be in the future."))

    def clean(self):
        cleaned = super().clean()  # the stale-save check comes first: nothing below runs on a conflict
        for name in ("first_contact_on", "left_school_on", "information_notice_given_on", "lost_contact_on"):
            self._not_in_future(name)
        birth_date, birth_year = cleaned.get("birth_date"), cleaned.get("birth_year")
        if birth_date and birth_year and birth_date.year != birth_year:
            self.add_error("birth_year", _("The birth year does not match the birth date."))
        if birth_date:
            cleaned["birth_year"] = birth_date.year

        if cleaned.get("refused_consent"):
            if not cleaned.get("nickname"):
                self.add_error(
                    "nickname",
                    _("Without consent, only a pseudonymous record is kept: give a nickname (it may be invented)."),
                )
            for name in CLEARED_ON_REFUSAL:
                cleaned[name] = None if name == "birth_date" else ""
            cleaned["shares_with_consortium"] = False
        elif not cleaned.get("first_name") and not cleaned.get("nickname") and "first_name" not in self.errors:
            self.add_error("first_name", _("Give at least a first name or a nickname."))

        first_contact_on = cleaned.get("first_contact_on")
        self.age_at_first_contact = identity.age_on(
            first_contact_on, cleaned.get("birth_date"), cleaned.get("birth_year")
        )
        low, high = self.age_range
        self.out_of_target = self.age_at_first_contact is not None and not (low <= self.age_at_first_contact <= high)
        already_confirmed = self.instance.pk is not None and self.instance.out_of_target_confirmed
        if self.out_of_target and not cleaned.get("confirm_out_of_target") and not already_confirmed:
            self.fields["confirm_out_of_target"].widget = forms.CheckboxInput()
            self.add_error(
                "confirm_out_of_target",
                _(
                    "Age at first contact: %(age)s. The programme is for young people aged %(low)s to %(high)s: "
                    "tick the box to confirm, and the record will be left out of the reports."
                )
                % {"age": self.age_at_first_contact, "low": low, "high": high},
            )
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        self.instance.out_of_target_confirmed = self.out_of_target

    def identity_data(self):
        """The cleaned identity fields, as `youths.duplicates.find_candidates` takes them."""
        return {name: self.cleaned_data.get(name) for name in Youth.IDENTITY_FIELDS}

    def identity_changed(self):
        return self.instance.pk is None or any(name in self.changed_data for name in Youth.IDENTITY_FIELDS)


class InstitutionForm(BoundedDates, forms.ModelForm):
    class Meta:
        model = InstitutionKnowledge
        fields = ["institution", "since", "last_contact_on"]
        widgets = {"since": DateInput(), "last_contact_on": DateInput()}


InstitutionFormSet = forms.inlineformset_factory(
    Youth,
    InstitutionKnowledge,
    form=InstitutionForm,
    extra=2,
    max_num=10,
    can_delete=True,
)


class MergeForm(forms.Form):
    """Which of the two records to keep."""

    keep = forms.ChoiceField(label=_("Record to keep"), widget=forms.RadioSelect)

    def __init__(self, *args, first, second, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].choices = [
            (str(first.pk), f"#{first.pk} {first.display_name}"),
            (str(second.pk), f"#{second.pk} {second.display_name}"),
        ]
        self.initial.setdefault("keep", str(first.pk))
