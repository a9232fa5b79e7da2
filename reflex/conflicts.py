"""No lost updates, for the edit forms of any app (youth records, pathways, follow-ups…).

A row with a `version` (bumped at each save) is edited through a form carrying that version in a hidden field. A save
based on an older version than the saved one is refused, with both versions side by side in a French message (only
the fields that differ), and the other person's save is kept. The row is locked while checking (SELECT … FOR UPDATE,
inside the request's transaction), so that two saves at the same moment are ordered too. After the message the form
carries the saved version: saving again, knowingly, keeps yours.
"""

import datetime

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from reflex.typography import NARROW_NBSP, NBSP


class RefusesStaleSaves:
    """Mix into a ModelForm (before forms.ModelForm) whose model has a `version` field bumped by each save."""

    conflict_message = _("Someone else saved this while you were editing it: their version is kept.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, required=False)
        if self.instance.pk is not None:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        posted = cleaned.get("version")
        if self.instance.pk is None or posted is None:
            return cleaned
        saved = type(self.instance)._default_manager.select_for_update().get(pk=self.instance.pk)
        if posted == saved.version:
            return cleaned
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = saved.version
        theirs, yours = [], []
        for name in self._meta.fields:
            if name in cleaned and name in self.fields and getattr(saved, name) != cleaned[name]:
                field, label = self.fields[name], capfirst(self.fields[name].label)
                theirs.append(
                    _("%(label)s: %(value)s") % {"label": label, "value": shown(field, getattr(saved, name))}
                )
                yours.append(_("%(label)s: %(value)s") % {"label": label, "value": shown(field, cleaned[name])})
        messages = [self.conflict_message]
        if theirs:
            messages += [
                _("Their version: %(values)s.") % {"values": f"{NARROW_NBSP}; ".join(theirs)},
                _("Yours: %(values)s.") % {"values": f"{NARROW_NBSP}; ".join(yours)},
            ]
        messages.append(_("Check, then save again to keep yours."))
        raise forms.ValidationError(messages)


def shown(field, value):
    """A saved or typed value as a person reads it: choice labels, French dates, yes/no, quoted text."""
    if value is None or value == "":
        return "–"
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        choices = dict(field.choices)
        if value in choices:
            return str(choices[value])
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return f"«{NBSP}{value}{NBSP}»" if isinstance(value, str) else str(value)
