"""A young person's change history, read from the event tables (see models.py): who changed what, when, from what to
what. A fixed number of queries whatever the volume: one per event table, one for the people and one for the
neighbourhoods named in the values.

Shown to coordinators (perms.can_view_history). Contents kept for their holders never appear (the fields declared
in accompaniment.need_to_know: notes of health and justice barriers, summary and next step of confidential
follow-ups): their change is shown, not their content.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accompaniment import need_to_know
from accompaniment.models import Pathway
from partners.models import Neighbourhood, User

from .models import BarrierEvent, ExitEvent, FollowUpEvent, PathwayEvent, YouthEvent

MAX_EVENTS_PER_KIND = 500  # a young person's record rarely has more; older ones are left out, and the page says so

# Columns that link a row to its parent (set once, shown by the row's title instead).
HIDDEN_FIELDS = {"youth", "pathway"}
ACTIONS = {
    "insert": gettext_lazy("Created"),
    "update": gettext_lazy("Changed"),
    "delete": gettext_lazy("Deleted"),
}


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class HistoryEntry:
    at: datetime.datetime
    kind: str
    title: str
    action: str
    user_id: int | None
    changes: list[Change] = field(default_factory=list)
    user: User | None = None
    sort_key: tuple = ()

    @property
    def action_label(self):
        return ACTIONS.get(self.action, self.action)


@dataclass
class History:
    entries: list[HistoryEntry]
    truncated: bool


def _tracked_fields(event_model):
    tracked = event_model.pgh_tracked_model._meta
    names = {f.name for f in tracked.concrete_fields}
    return [f for f in event_model._meta.concrete_fields if f.name in names]


class _Humaniser:
    """Turns stored values into what a person reads: labels of choices, names, dates in the local format."""

    def __init__(self, user_ids, neighbourhood_ids):
        self.users = User.objects.in_bulk(user_ids) if user_ids else {}
        self.neighbourhoods = Neighbourhood.objects.in_bulk(neighbourhood_ids) if neighbourhood_ids else {}

    def __call__(self, model_field, value):
        if value is None or value == "":
            return "–"
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if model_field.is_relation:
            related = model_field.related_model
            if related is User:
                user = self.users.get(value)
                return user.get_full_name() or user.email if user else f"#{value}"
            if related is Neighbourhood:
                return str(self.neighbourhoods.get(value, f"#{value}"))
            return f"#{value}"
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if isinstance(value, datetime.datetime):
            return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
        if isinstance(value, datetime.date):
            return formats.date_format(value, "SHORT_DATE_FORMAT")
        return str(value)


def _hidden_content(event, previous):
    """Fields whose content is restricted to its holders (accompaniment.need_to_know) in this event or the version
    before it."""
    versions = [event, previous] if previous is not None else [event]
    return set().union(*(need_to_know.restricted_fields(version) for version in versions))


def _label(model_field):
    text = str(model_field.verbose_name)
    return text[:1].upper() + text[1:]


def _changes(fields, event, previous, hidden, humanise):
    """The fields that differ from the previous snapshot of the same row, with both values (a new row: its values).
    An update with no earlier snapshot is a row that existed before the history started: its former values are
    not known."""
    if event.pgh_label == "delete":
        return []
    unknown = _("(not recorded)") if event.pgh_label == "update" else "–"
    changes = []
    for model_field in fields:
        after = getattr(event, model_field.attname)
        if previous is None:
            if after in (None, "", False):
                continue  # a new row: what it holds, not every empty field
            before_text = unknown
        else:
            before = getattr(previous, model_field.attname)
            if before == after:
                continue
            before_text = humanise(model_field, before)
        if model_field.name in hidden:
            changes.append(Change(_label(model_field), _("(not shown)"), _("(not shown)")))
        else:
            changes.append(Change(_label(model_field), before_text, humanise(model_field, after)))
    return changes


def _title(kind, event):
    if kind == "youth":
        return _("Young person's record")
    if kind == "pathway":
        return _("Pathway started on %(date)s") % {"date": formats.date_format(event.started_on, "SHORT_DATE_FORMAT")}
    if kind == "barrier":
        return _("Barrier: %(category)s") % {"category": event.get_category_display()}
    if kind == "follow_up":
        return _("Follow-up of %(date)s") % {"date": formats.date_format(event.happened_on, "SHORT_DATE_FORMAT")}
    return _("Exit: %(outcome)s") % {"outcome": event.get_outcome_display()}


def _event_querysets(youth):
    pathway_ids = Q(pathway_id__in=Pathway.objects.filter(youth=youth).values("pk")) | Q(
        pathway_id__in=PathwayEvent.objects.filter(youth_id=youth.pk).values("pgh_obj_id")
    )
    return [
        ("youth", YouthEvent.objects.filter(pgh_obj_id=youth.pk)),
        ("pathway", PathwayEvent.objects.filter(youth_id=youth.pk)),
        ("barrier", BarrierEvent.objects.filter(pathway_ids)),
        ("follow_up", FollowUpEvent.objects.filter(youth_id=youth.pk)),
        ("exit", ExitEvent.objects.filter(pathway_ids)),
    ]


def history_of(youth, reveal_restricted=False):
    """Every recorded change about `youth`, newest first, with the fields that changed and their two values.

    Restricted contents (need_to_know) show as "(not shown)" unless `reveal_restricted`: the subject-access export,
    which the young person's referent or the data-protection officer produces for them."""
    raw, truncated = [], False
    for kind, queryset in _event_querysets(youth):
        events = list(queryset.select_related("pgh_context").order_by("-pgh_id")[: MAX_EVENTS_PER_KIND + 1])
        if len(events) > MAX_EVENTS_PER_KIND:
            truncated, events = True, events[:MAX_EVENTS_PER_KIND]
        raw.append((kind, events[::-1]))

    user_ids, neighbourhood_ids = set(), set()
    for _kind, events in raw:
        for event in events:
            metadata = event.pgh_context.metadata if event.pgh_context_id else {}
            if isinstance(metadata.get("user"), int):
                user_ids.add(metadata["user"])
            for name in ("referent_id", "author_id"):
                if getattr(event, name, None):
                    user_ids.add(getattr(event, name))
            if getattr(event, "neighbourhood_id", None):
                neighbourhood_ids.add(event.neighbourhood_id)
    humanise = _Humaniser(user_ids, neighbourhood_ids)

    entries = []
    for kind, events in raw:
        fields = [f for f in _tracked_fields(events[0].__class__) if f.name not in HIDDEN_FIELDS] if events else []
        previous_of = {}
        for event in events:
            previous = previous_of.get(event.pgh_obj_id)
            previous_of[event.pgh_obj_id] = event
            hidden = set() if reveal_restricted else _hidden_content(event, previous)
            changes = _changes(fields, event, previous, hidden, humanise)
            if event.pgh_label == "update" and not changes:
                continue
            metadata = event.pgh_context.metadata if event.pgh_context_id else {}
            user_id = metadata.get("user") if isinstance(metadata.get("user"), int) else None
            entries.append(
                HistoryEntry(
                    at=event.pgh_created_at,
                    kind=kind,
                    title=_title(kind, event),
                    action=event.pgh_label,
                    user_id=user_id,
                    user=humanise.users.get(user_id),
                    changes=changes,
                    sort_key=(event.pgh_created_at, event.pgh_id),
                )
            )
    entries.sort(key=lambda entry: entry.sort_key, reverse=True)
    return History(entries=entries, truncated=truncated)
