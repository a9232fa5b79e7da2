from django import forms
from django.utils.translation import gettext_lazy as _


class ErasureForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I confirm: erase this young person's identity and everything written about them, for good"),
        error_messages={"required": _("Tick the box to confirm the erasure.")},
    )
