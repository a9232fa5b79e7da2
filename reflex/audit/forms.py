from django import forms
from django.utils.translation import gettext_lazy as _

from partners.forms import DateInput
from partners.models import User
from reflex.date_range import BoundedDates
from reflex.widgets import QuickSelect


class JournalFilterForm(BoundedDates, forms.Form):
    youth = forms.IntegerField(label=_("Young person (number)"), required=False, min_value=1, max_value=2**62)
    user = forms.ModelChoiceField(
        label=_("Staff member"), queryset=User.objects.all(), required=False, widget=QuickSelect
    )
    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", _("The end of the period must not be before its start."))
        return cleaned

    def filter(self, entries):
        """The journal entries matching the valid filters (all of them when nothing is filled in)."""
        if not self.is_valid():
            return entries.none()
        data = self.cleaned_data
        if data.get("youth"):
            entries = entries.filter(youth_id=data["youth"])
        if data.get("user"):
            entries = entries.filter(user=data["user"])
        if data.get("start"):
            entries = entries.filter(at__date__gte=data["start"])
        if data.get("end"):
            entries = entries.filter(at__date__lte=data["end"])
        return entries


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "size": 8}
        ),
    )

    def __init__(self, *args, allow_backup_code=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.allow_backup_code = allow_backup_code
        if allow_backup_code:
            self.fields["token"].help_text = _("Lost your phone? Enter one of your backup codes instead.")

    def clean_token(self):
        from .second_factor import is_backup_code

        token = "".join(self.cleaned_data["token"].split()).replace("-", "")
        if token.isascii() and token.isdigit() and len(token) == 6:
            return token
        if self.allow_backup_code and is_backup_code(token.lower()):
            return token.lower()
        if self.allow_backup_code:
            raise forms.ValidationError(_("Enter the 6 digits shown by your authenticator app, or a backup code."))
        raise forms.ValidationError(_("Enter the 6 digits shown by your authenticator app."))
