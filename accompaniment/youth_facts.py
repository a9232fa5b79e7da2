"""What accompaniment tells the youths app: dated funnel facts (SQL, correlated on the Youth) and timeline entries."""

from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from partners.models import User
from youths.models import Youth

from .enums import (
    LOST_OUTCOMES,
    OPEN_PATHWAY_STATUSES,
    ActionStatus,
    Attendance,
    BarrierCategory,
    ExitOutcome,
    FollowUpMode,
)
from .models import Action, Barrier, Exit, FollowUp, Participation, Pathway, ReferentChange
from .need_to_know import holders_label
from .perms import can_read_barrier_notes, can_read_follow_up, can_view_accompaniment


def _first_pathway_start():
    return Subquery(Pathway.objects.filter(youth=OuterRef("pk")).order_by("started_on").values("started_on")[:1])


def _no_open_pathway():
    return ~Exists(Pathway.objects.filter(youth=OuterRef(OuterRef("pk")), status__in=OPEN_PATHWAY_STATUSES))


def _latest_exit(**filters):
    return Subquery(
        Exit.objects.filter(_no_open_pathway(), pathway__youth=OuterRef("pk"), **filters)
        .order_by("-exited_on")
        .values("exited_on")[:1]
    )


def _first_follow_up():
    return Subquery(FollowUp.objects.filter(youth=OuterRef("pk")).order_by("happened_on").values("happened_on")[:1])


def _last_follow_up():
    return Subquery(FollowUp.objects.filter(youth=OuterRef("pk")).order_by("-happened_on").values("happened_on")[:1])


FUNNEL_FACTS = {
    "pathway_started_on": _first_pathway_start,
    # The exit of the latest pathway, while no pathway is open (a young person may come back).
    "exited_on": lambda: _latest_exit(),
    "lost_on": lambda: _latest_exit(outcome__in=LOST_OUTCOMES),
    # A follow-up is a meaningful exchange: the first one marks the young person as engaged.
    "mobilised_on": _first_follow_up,
    "last_contact_on": _last_follow_up,
}

# The rows whose saves and deletes change those facts, with the path to their young person.
FUNNEL_SOURCES = [(Pathway, "youth_id"), (Exit, "pathway__youth_id"), (FollowUp, "youth_id")]


def referents_after_merge(kept, merged):
    """A merge step (youths.duplicates): pathways moved between the two records, so each record takes the referent
    of its own pathways again, as `Pathway._sync_youth_referent` would (a record left without pathway keeps its
    referent). The merge saves both records."""
    for youth in (kept, merged):
        latest = Pathway.objects.filter(youth=youth).latest_first().values("referent_id").first()
        if latest is not None:
            youth.referent_id = latest["referent_id"]


def youths_with_stale_referent(youth_ids=None):
    """Young people whose record's referent is not that of their pathways (a consistency check): ids."""
    expected = Subquery(Pathway.objects.filter(youth=OuterRef("pk")).latest_first().values("referent_id")[:1])
    youths = Youth.objects.filter(Exists(Pathway.objects.filter(youth=OuterRef("pk"))))
    if youth_ids is not None:
        youths = youths.filter(pk__in=youth_ids)
    return sorted(
        pk
        for pk, referent_id, expected_id in youths.annotate(expected=expected).values_list(
            "pk", "referent_id", "expected"
        )
        if referent_id != expected_id
    )


def _label(choices, value):
    """What get_<field>_display() gives, without rebuilding the field's choices on every call (a long timeline)."""
    try:
        return choices(value).label
    except ValueError:
        return value


def timeline_entries(youth, user, limit=None):
    """Pathways, referent changes, follow-ups, actions, barriers and exits: six queries whatever the volume."""
    from youths.timeline import TimelineEntry

    if not can_view_accompaniment(user, youth):
        return []
    page = reverse("accompaniment:youth", args=[youth.pk])
    entries = []
    pathways = list(Pathway.objects.filter(youth=youth).select_related("exit"))
    for pathway in pathways:
        entries.append(TimelineEntry(pathway.started_on, "pathway", _("Pathway started"), url=page))
        exit = getattr(pathway, "exit", None)
        if exit is not None:
            entries.append(
                TimelineEntry(
                    exit.exited_on,
                    "exit",
                    _("Exit: %(outcome)s") % {"outcome": _label(ExitOutcome, exit.outcome)},
                    detail=exit.get_group_display(),
                    url=page,
                )
            )
    changes = list(ReferentChange.objects.filter(pathway__youth=youth, from_referent__isnull=False))
    follow_ups = list(FollowUp.objects.filter(youth=youth).order_by("-happened_on", "-pk")[:limit])
    User.objects.attach_to([(change, ("to_referent",)) for change in changes] + [(f, ("author",)) for f in follow_ups])
    for change in changes:
        entries.append(
            TimelineEntry(
                change.changed_on,
                "referent_change",
                _("New referent: %(name)s") % {"name": change.to_referent or _("none")},
                detail=change.reason,
                url=page,
            )
        )
    for follow_up in follow_ups:
        if can_read_follow_up(user, follow_up, youth):
            detail = follow_up.summary
        else:
            detail = _("Confidential note, held by %(holders)s.") % {
                "holders": holders_label(follow_up, youth, follow_up.author)
            }
        entries.append(
            TimelineEntry(
                follow_up.happened_on,
                "follow_up",
                _("Follow-up (%(mode)s)") % {"mode": _label(FollowUpMode, follow_up.mode)},
                detail=detail,
                url=page,
                author=str(follow_up.author),
            )
        )
    for action in Action.objects.filter(pathway__youth=youth).order_by("-starts_on", "-pk")[:limit]:
        entries.append(
            TimelineEntry(
                action.starts_on, "action", action.title, detail=_label(ActionStatus, action.status), url=page
            )
        )
    participations = Participation.objects.filter(youth=youth).select_related("action")
    for participation in participations.order_by("-action__starts_on", "-pk")[:limit]:
        action = participation.action
        entries.append(
            TimelineEntry(
                action.starts_on,
                "action",
                action.title,
                detail=_label(Attendance, participation.attendance),
                url=reverse("accompaniment:collective_detail", args=[action.pk]),
            )
        )
    for barrier in Barrier.objects.filter(pathway__youth=youth).select_related("created_by"):
        notes = barrier.notes
        if notes and not can_read_barrier_notes(user, barrier, youth):
            notes = _("Note held by %(holders)s") % {"holders": holders_label(barrier, youth, barrier.created_by)}
        entries.append(
            TimelineEntry(
                barrier.identified_on,
                "barrier",
                _("Barrier identified: %(category)s") % {"category": _label(BarrierCategory, barrier.category)},
                detail=notes,
                url=page,
            )
        )
        if barrier.lifted_on:
            entries.append(
                TimelineEntry(
                    barrier.lifted_on,
                    "barrier",
                    _("Barrier lifted: %(category)s") % {"category": _label(BarrierCategory, barrier.category)},
                    url=page,
                )
            )
    return entries
