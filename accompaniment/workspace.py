"""The referent's workspace ("Mon suivi") and the coordinator's dashboard, as a fixed number of SQL queries."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import Count, F, Max, OuterRef, Q, Subquery, Window
from django.db.models.functions import Coalesce
from django.utils import timezone

from partners.enums import Role
from partners.models import User
from reflex.data_version import remembered
from youths import figures as youth_figures
from youths.enums import Stage
from youths.figures import Scope
from youths.models import Youth

from . import figures as exit_figures
from .appointments import week_appointments
from .enums import OPEN_PATHWAY_STATUSES, PathwayStatus
from .models import Barrier, ExitCheck, FollowUp, Pathway

EXIT_CHECK_HORIZON_DAYS = 14
REVIEW_HORIZON_DAYS = 7  # pathway reviews shown from a week before their planned date
LIST_LIMIT = 10
CASELOAD_LIMIT = 30


def last_follow_up_on():
    """The date of the young person's latest follow-up, correlated on OuterRef('pk') of a Youth."""
    return Subquery(FollowUp.objects.filter(youth=OuterRef("pk")).order_by("-happened_on").values("happened_on")[:1])


def start_of_day(day):
    """Midnight of `day` in the app's time zone, as an aware datetime."""
    return timezone.make_aware(datetime.combine(day, time.min))


def week_bounds(today):
    monday = today - timedelta(days=today.weekday())
    return monday, monday + timedelta(days=7)


def referent_workspace(user, programme, today):
    """Everything "Mon suivi" shows for `user`. Lists are evaluated here, so the page's query count is fixed."""
    threshold = programme.inactivity_threshold_days if programme else 45
    my_youths = (
        Youth.objects.with_stage()
        .filter(pathways__referent=user, pathways__status__in=OPEN_PATHWAY_STATUSES)
        .annotate(
            pathway_status=F("pathways__status"),
            pathway_id=F("pathways__pk"),
            pathway_started_on=F("pathways__started_on"),
            pathway_review_on=F("pathways__planned_review_on"),
            last_seen_on=F("last_contact_on"),  # follow-ups, outreach contacts and the first contact
        )
        .order_by("last_seen_on", "pk")
    )
    my_youths = list(my_youths)
    inactive_since = today - timedelta(days=threshold)
    monday, next_monday = week_bounds(today)
    appointments = week_appointments(user, monday, next_monday)
    barriers = list(
        Barrier.objects.open()
        .filter(pathway__referent=user, pathway__status__in=OPEN_PATHWAY_STATUSES)
        .select_related("pathway__youth")
        .order_by("identified_on", "pk")[:LIST_LIMIT]
    )
    checks = list(
        ExitCheck.objects.filter(
            exit__pathway__referent=user,
            held__isnull=True,
            due_on__lte=today + timedelta(days=EXIT_CHECK_HORIZON_DAYS),
        )
        .select_related("exit__pathway__youth")
        .order_by("due_on", "pk")
    )
    return {
        "my_youths": my_youths,
        "inactive": [youth for youth in my_youths if youth.last_seen_on < inactive_since],
        "reviews_due": sorted(
            (
                youth
                for youth in my_youths
                if youth.pathway_review_on and youth.pathway_review_on <= today + timedelta(days=REVIEW_HORIZON_DAYS)
            ),
            key=lambda youth: (youth.pathway_review_on, youth.pk),
        ),
        "threshold": threshold,
        "appointments": appointments,
        "week": (monday, next_monday - timedelta(days=1)),
        "open_barriers": barriers,
        "exit_checks": checks,
        "today": today,
    }


def _open_pathways_count(*statuses):
    """How many pathways in `statuses` the referent (OuterRef) holds: one index lookup per referent, cheaper than
    grouping the department's staff with their pathways."""
    pathways = Pathway.objects.filter(referent=OuterRef("pk"), status__in=statuses).order_by()
    return Coalesce(Subquery(pathways.values("referent").annotate(n=Count("referent")).values("n")), 0)


@dataclass(frozen=True)
class Caseload:
    """A referent's open pathways, as the dashboard lists them (plain values, kept in the cache)."""

    pk: int
    name: str
    organisation: str
    active_count: int
    paused_count: int

    @property
    def open_count(self):
        return self.active_count + self.paused_count

    def __str__(self):
        return self.name


def caseloads(limit=None):
    """Open pathways per referent (active and paused), with every professional and coordinator listed, the most
    loaded first: (the first `limit` of them, or all, how many more). A department's staff is too long a table to
    show whole by default."""
    # The sort key is one lookup per member; the split by status is only computed for the rows shown.
    members = (
        User.objects.professionals()
        .annotate(
            open_count=_open_pathways_count(*OPEN_PATHWAY_STATUSES),
            active_count=_open_pathways_count(PathwayStatus.ACTIVE),
            paused_count=_open_pathways_count(PathwayStatus.PAUSED),
        )
        .filter(Q(role=Role.PROFESSIONAL) | Q(open_count__gt=0))  # coordinators only when they refer someone
        .order_by("-open_count", "last_name", "first_name", "pk")
    )
    if limit is None:
        shown, more = list(members), 0
    else:
        # COUNT(*) OVER () runs before the LIMIT: how many referents in all, in the same query.
        shown = list(members.annotate(referents=Window(Count("pk")))[:limit])
        more = (shown[0].referents - len(shown)) if shown else 0
    rows = [
        Caseload(member.pk, str(member), str(member.organisation or ""), member.active_count, member.paused_count)
        for member in shown
    ]
    return rows, more


SCOPE = Scope.IN_TARGET  # the dashboard and the home pages count what the indicators count


def funnel_counts(programme, today=None):
    """Young people of the programme's target who reached each stage or a later one by today (youths/figures.py: the
    indicators page's funnel for a period ending today), against the target: two queries."""
    today = today or timezone.localdate()
    counts = youth_figures.facts_in_scope(SCOPE).aggregate(**youth_figures.funnel_aggregates(today, prefix=""))
    return {
        "contacted": counts["contacted"],
        "identified": counts["identified"],
        "mobilised": counts["mobilised"],
        "in_pathway": counts["entered"],
        "exited": exit_figures.exited_by(today, SCOPE),
        "lost": counts["lost"],
    }


def programme_period(programme, today=None):
    """The exits the dashboard shows: those of the programme's period until today (every exit without a
    programme)."""
    today = today or timezone.localdate()
    if programme is None:
        return datetime.min.date(), today
    return programme.start_date, min(programme.end_date, today)


def exits_by_group(programme):
    """Young people with an exit in the programme's period, each once with their latest exit (accompaniment/
    figures.py)."""
    return exit_figures.exits_by_group(*programme_period(programme), SCOPE)


def department_figures(programme, limit=CASELOAD_LIMIT):
    """The dashboard's figures over the whole department, kept in the cache until the data they read changes (the
    funnel, exits, pathways and staff accounts: see reflex.data_version). Plain values only: no young person."""

    def compute():
        shown_caseloads, more_caseloads = caseloads(limit)
        return {
            "funnel": funnel_counts(programme),
            "exits": exits_by_group(programme),
            "caseloads": shown_caseloads,
            "more_caseloads": more_caseloads,
        }

    # The funnel is counted by today: the day is part of the key.
    figures, _computed_at, _from_cache = remembered(
        compute, "dashboard", programme.pk if programme else "none", limit, timezone.localdate().isoformat()
    )
    return figures


def coordinator_dashboard(programme, today, limit=CASELOAD_LIMIT):
    figures = department_figures(programme, limit)
    funnel = figures["funnel"]
    target = programme.target_youths if programme else 0
    steps = [
        (Stage.CONTACTED.label, funnel["contacted"]),
        (Stage.IDENTIFIED.label, funnel["identified"]),
        (Stage.MOBILISED.label, funnel["mobilised"]),
        (Stage.IN_PATHWAY.label, funnel["in_pathway"]),
        (Stage.EXITED.label, funnel["exited"]),
    ]
    exits = figures["exits"]
    # The oldest first, a screenful at most; the total comes with them (a window: no second query). Read on every
    # visit: these are the young people to act on.
    orphans = list(
        Pathway.objects.without_referent()
        .select_related("youth", "referent")
        .annotate(total=Window(Count("pk")))
        .order_by("started_on", "pk")[:limit]
    )
    return {
        "caseloads": figures["caseloads"],
        "more_caseloads": figures["more_caseloads"],
        "funnel": [(name, count, round(100 * count / target) if target else None) for name, count in steps],
        "target": target,
        "without_referent": orphans,
        "without_referent_count": orphans[0].total if orphans else 0,
        "exits_by_group": exits,
        "exits_total": sum(count for _group, count in exits),
        "scope_label": SCOPE.label,
        "last_follow_up": FollowUp.objects.aggregate(on=Max("happened_on"))["on"],
        "today": today,
    }


def coordinator_summary(programme):
    """The dashboard's essentials for the coordinator's home page: its department-wide counts kept in the cache like
    the dashboard's, the pathways without a referent counted on every visit."""

    def compute():
        exits = exit_figures.exits_by_group(*programme_period(programme), SCOPE)
        return {"funnel": funnel_counts(programme), "exits": sum(count for _group, count in exits)}

    figures, _computed_at, _from_cache = remembered(
        compute, "coordinator-summary", programme.pk if programme else "none", timezone.localdate().isoformat()
    )
    return {
        "in_pathway": figures["funnel"]["in_pathway"],
        "mobilised": figures["funnel"]["mobilised"],
        "target": programme.target_youths if programme else 0,
        "without_referent": Pathway.objects.without_referent().count(),
        "exits": figures["exits"],
        "scope_label": SCOPE.label,
    }
