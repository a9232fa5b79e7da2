from django import forms
from django.utils.translation import gettext_lazy as _

from reflex.date_range import BoundedDates

from .models import Neighbourhood, Programme, User
from .perms import grantable_roles


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class ProgrammeForm(BoundedDates, forms.ModelForm):
    class Meta:
        model = Programme
        fields = [
            "name",
            "funder",
            "territory",
            "target_youths",
            "start_date",
            "end_date",
            "min_age",
            "max_age",
            "inactivity_threshold_days",
            "caseload_target",
            "reminder_text",
            "invisibility_threshold_days",
            "information_notice",
            "information_notice_easy",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "information_notice": forms.Textarea(attrs={"rows": 6}),
            "information_notice_easy": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "information_notice": _("Shown to young people on the field screen. Empty: the default text."),
            "information_notice_easy": _("Short sentences, everyday words. Empty: the default text."),
        }


class NeighbourhoodForm(forms.ModelForm):
    class Meta:
        model = Neighbourhood
        fields = ["name", "town", "kind", "official_code", "is_active"]


class StaffForm(forms.ModelForm):
    """A staff account, as a coordinator edits it: the roles offered are those `by` may give (perms)."""

    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "organisation", "role", "job_title", "is_active"]

    def __init__(self, *args, by, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = {role.value for role in grantable_roles(by)}
        self.fields["role"].choices = [
            (value, label) for value, label in self.fields["role"].choices if value in allowed
        ]
        self.fields["role"].error_messages["invalid_choice"] = _("You may not give this role.")

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("A staff member already uses this e-mail address."))
        return email
