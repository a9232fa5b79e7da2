"""`get_FOO_display()` read from a table of labels per field and language.

Django's own builds a dict of every choice of the field at each call, translating every label to hash it: a page
showing a hundred labels (follow-ups, barriers, actions) spent more time there than in its queries. Choices are
fixed when the models load, so each field's labels are translated once per language.
"""

from functools import partialmethod

from django.apps import apps
from django.db.models import Model
from django.utils.translation import get_language

_labels = {}  # (field, language code) -> {value: translated label}


def choice_label(instance, field):
    value = getattr(instance, field.attname)
    key = (field, get_language())
    labels = _labels.get(key)
    if labels is None:
        labels = _labels[key] = {choice: str(label) for choice, label in field.flatchoices}
    try:
        return labels.get(value, value)
    except TypeError:  # an unhashable value: Django's way handles it
        return Model._get_FIELD_display(instance, field)


def install():
    """Replace the `get_FOO_display` that Django attached to each model, leaving any a model defines itself."""
    for model in apps.get_models():
        for field in model._meta.local_fields:
            name = f"get_{field.name}_display"
            method = model.__dict__.get(name)
            if isinstance(method, partialmethod) and method.func is Model._get_FIELD_display:
                setattr(model, name, partialmethod(choice_label, field=field))
