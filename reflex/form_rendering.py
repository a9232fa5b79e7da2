"""Every form's labels and empty choices as French reads them, in one place (settings.FORM_RENDERER).

- Labels start with a capital: model verbose names and the labels the forms share with them are lower case by
  Django's convention ("référent", "date de début"); the label shown above the field is "Référent", "Date de début".
- An empty choice reads "— Choisir —" instead of Django's "---------" (model choices, ModelChoiceField, django-filter);
  an empty choice a form names itself ("Tous", "Personne") is kept.
"""

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

DJANGO_EMPTY_LABEL = "---------"
CHOOSE = _("— Choose —")


class ReadableBoundField(forms.BoundField):
    def __init__(self, form, field, name):
        super().__init__(form, field, name)
        self.label = capfirst(self.label)
        if getattr(field, "empty_label", None) == DJANGO_EMPTY_LABEL:
            field.empty_label = CHOOSE  # the form's own copy of the field
        elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
            choices = field.choices
            if any(value in ("", None) and label == DJANGO_EMPTY_LABEL for value, label in choices):
                field.choices = [
                    (value, CHOOSE if value in ("", None) and label == DJANGO_EMPTY_LABEL else label)
                    for value, label in choices
                ]


class FormRenderer(DjangoTemplates):
    bound_field_class = ReadableBoundField
