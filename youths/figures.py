"""The definitions of the figures about young people, written once and used by every screen that counts them: the
home pages and the coordinator dashboard (accompaniment/workspace.py), the young people list's counters, the
indicators page, the funder PDF and the XLSX (reflex/reports/indicators.py).

- **Scope.** `IN_TARGET`: current records (not merged into another one) not confirmed out of the programme's target;
  `ALL`: every current record. Every screen says which one it shows (`Scope.label`).
- **People, not rows.** Each figure counts young people, each once (a young person with two exits is one exit).
- **Date rule of the funnel.** A young person counts at a stage on a day when they had reached that stage *or a
  later one* by that day: the funnel never widens downwards, so no later stage shows more people than an earlier one
  (someone engaged before their information notice was noted counts as identified too).
- **Lost contact.** One definition for the stage and the outcome: contact lost (on the record, or by an exit whose
  outcome is "dropped out / lost contact", whichever came last) with no contact since. `lost_by(day)`.
- **Age bands** at first contact: `AGE_BANDS`, the keys of outreach's tally age bands.

The youths app owns these because the funnel is its own (youths/funnel.py); exits are read through the funnel
facts (`exited_on`, `lost_on`), which accompaniment provides.
"""

from django.db import models
from django.db.models import Count, Q, Value
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    IN_TARGET = "in_target", _("Young people of the programme's target (out-of-target records left out)")
    ALL = "all", _("Every young person recorded, in target or not")


def in_scope(scope=Scope.IN_TARGET, prefix=""):
    """The condition keeping a young person (a Youth, or reached through `prefix`, e.g. "pathway__youth__")."""
    condition = Q(**{f"{prefix}merged_into__isnull": True})
    if scope == Scope.IN_TARGET:
        condition &= Q(**{f"{prefix}out_of_target_confirmed": False})
    return condition


def facts_in_scope(scope=Scope.IN_TARGET):
    """The stored funnel facts (one row per young person) of the scope."""
    from .models import FunnelFacts

    facts = FunnelFacts.objects.filter(current=True)
    if scope == Scope.IN_TARGET:
        facts = facts.filter(youth__out_of_target_confirmed=False)
    return facts


# The funnel's steps, in order, with the date of each (columns of FunnelFacts and of the reports' YouthFacts); then
# "exited", counted from the exits (accompaniment/figures.py). An exit ends a pathway started no later (the exit form
# checks it), so the start of the first pathway stands for every later step.
FUNNEL_STEPS = (
    ("contacted", "first_contact_on"),
    ("identified", "identified_on"),
    ("mobilised", "mobilised_on"),
    ("entered", "pathway_started_on"),
)
FUNNEL_KEYS = (*(key for key, _field in FUNNEL_STEPS), "exited")


def reached_by(step, day=None):
    """The condition: this step or a later one reached by `day` (whenever, when None)."""
    keys = [key for key, _field in FUNNEL_STEPS]
    condition = Q()
    for _key, field in FUNNEL_STEPS[keys.index(step) :]:
        condition |= Q(**{f"{field}__lte": day}) if day is not None else Q(**{f"{field}__isnull": False})
    return condition


def lost_by(day=None):
    """Contact lost by `day` (whenever, when None), with no contact since."""
    lost = Q(lost_on__lte=day) if day is not None else Q(lost_on__isnull=False)
    return lost & (Q(last_contact_on__isnull=True) | Q(last_contact_on__lte=models.F("lost_on")))


def funnel_aggregates(day=None, prefix="funnel_"):
    """Aggregates over funnel facts: `<prefix><step>` for each step up to the start of a pathway, and
    `<prefix>lost`. Exits are counted from the exits themselves (accompaniment/figures.py: each young person with an
    exit recorded by the day, once, whether or not they came back since), which the facts do not keep."""
    counts = {f"{prefix}{key}": Count("pk", filter=reached_by(key, day)) for key, _field in FUNNEL_STEPS}
    counts[f"{prefix}lost"] = Count("pk", filter=lost_by(day))
    return counts


# Age at first contact: {key: (lowest, highest)}, the keys of outreach.enums.AgeBand.
AGE_BANDS = {"16-17": (16, 17), "18-25": (18, 25), "26-29": (26, 29)}
UNKNOWN_AGE = "unknown"
OUT_OF_RANGE = "out_of_range"


def age_band(field="age_at_first_contact"):
    """The band of an age column, as a SQL CASE: a key of AGE_BANDS, UNKNOWN_AGE or OUT_OF_RANGE."""
    return models.Case(
        models.When(**{f"{field}__isnull": True}, then=Value(UNKNOWN_AGE)),
        *(
            models.When(Q(**{f"{field}__gte": low, f"{field}__lte": high}), then=Value(key))
            for key, (low, high) in AGE_BANDS.items()
        ),
        default=Value(OUT_OF_RANGE),
        output_field=models.CharField(),
    )
