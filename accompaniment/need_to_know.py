"""Need-to-know by field: the contents kept for the young person's referent, declared once and read everywhere.

`SENSITIVE_FIELDS` has one entry per field whose text is not for everyone who may open the young person's
accompaniment: on which rows it is restricted, and who may read and who may write it there. Today these are
the notes of health and justice barriers, the summary and next step of confidential follow-ups and the to-do
such a next step becomes; their
**holders** are the young person's referent and the person who wrote the row. Anyone else, coordinators included,
sees that such a note exists and who holds it, never its text, and cannot overwrite it.

Where each screen applies it:
- the accompaniment page, its panel (htmx), the youth timeline: `can_read`, `holders_label`;
- the barrier and follow-up forms: `can_write` (the field is left out of the form for the others);
- the youth progress PDF: restricted contents never (it leaves the application);
- the change history (coordinators): the change of a restricted field is shown, never its two values;
- the subject-access export: everything, for the young person, produced by their referent or the named
  data-protection officer only (`reflex.privacy.perms.can_export_subject_data`), and journaled;
- the admin and the list exports: none of these fields is registered or exported.
`tests/accompaniment/test_need_to_know_matrix.py` plants a canary in each field and reads every one of these as each
kind of user.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .enums import SENSITIVE_BARRIER_CATEGORIES


def _is_holder(user, row, youth, author_attname):
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.pk in (youth.referent_id, getattr(row, author_attname, None))


@dataclass(frozen=True)
class SensitiveField:
    model: str  # "app_label.Model"
    name: str
    restricted_when: Callable  # row (or a history event of it) -> bool
    author_attname: str  # the column naming who wrote the row

    def restricted(self, row):
        return bool(self.restricted_when(row))

    def can_read(self, user, row, youth):
        """Whoever may open the accompaniment reads an unrestricted value; a restricted one, its holders."""
        return not self.restricted(row) or _is_holder(user, row, youth, self.author_attname)

    def can_write(self, user, row, youth):
        """Same rule as reading: nobody overwrites a text they may not read."""
        return self.can_read(user, row, youth)


def _sensitive_barrier(row):
    return row.category in SENSITIVE_BARRIER_CATEGORIES


def _confidential(row):
    return row.confidential


SENSITIVE_FIELDS = (
    SensitiveField("accompaniment.Barrier", "notes", _sensitive_barrier, "created_by_id"),
    SensitiveField("accompaniment.FollowUp", "summary", _confidential, "author_id"),
    SensitiveField("accompaniment.FollowUp", "next_step", _confidential, "author_id"),
    # The to-do a confidential follow-up's next step became (accompaniment/appointments.py): held as the step was.
    SensitiveField("accompaniment.Todo", "title", _confidential, "owner_id"),
)


def _label_of(model_or_row):
    # History events (reflex.privacy) copy the tracked model's columns (a proxy): they follow the same rules.
    model = getattr(model_or_row, "pgh_tracked_model", None) or model_or_row
    return model._meta.concrete_model._meta.label


def declared(model_or_row):
    """The sensitive fields of this model (or of the model this row or history event is about)."""
    label = _label_of(model_or_row)
    return [field for field in SENSITIVE_FIELDS if field.model == label]


def restricted_fields(row):
    """Names of the fields whose content is restricted on this row."""
    return {field.name for field in declared(row) if field.restricted(row)}


def hidden_fields(user, row, youth):
    """Names of the fields of this row whose content `user` may not read."""
    return {field.name for field in declared(row) if not field.can_read(user, row, youth)}


def can_read(user, row, youth, name=None):
    """May `user` read the restricted content of this row (all of it, or field `name`)?"""
    hidden = hidden_fields(user, row, youth)
    return name not in hidden if name else not hidden


def can_write(user, row, youth, name):
    return all(field.can_write(user, row, youth) for field in declared(row) if field.name == name)


def holders_label(row, youth, author=None):
    """Who holds a restricted note: the referent, and its author when someone else ("Karim Benali, Sophie Roux")."""
    names = []
    if youth.referent_id is not None and youth.referent is not None:
        names.append(youth.referent.get_full_name() or str(youth.referent))
    if author is not None and author.pk != youth.referent_id:
        names.append(author.get_full_name() or str(author))
    return ", ".join(names) or _("its author")
