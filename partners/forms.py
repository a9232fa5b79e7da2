from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Neighbourhood, Programme, User


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class ProgrammeForm(forms.ModelForm):
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
        ]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}


class NeighbourhoodForm(forms.ModelForm):
    class Meta:
        model = Neighbourhood
        fields = ["name", "town", "kind", "official_code", "is_active"]


class StaffForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "organisation", "role", "job_title", "is_active"]

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("A staff member already uses this e-mail address."))
        return email
