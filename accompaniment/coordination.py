"""The coordinator's control: who waits for a referent, how caseloads compare with the programme's target, which
exit checks are due across the consortium, and assigning referents one by one or in bulk.

Each list is read in a fixed number of queries; a list cut to a screenful comes with its total.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Count, Q, Window

from youths.enums import Stage
from youths.models import FunnelFacts, Youth

from .appointments import missed_by_staff
from .models import ExitCheck, Pathway
from .workspace import EXIT_CHECK_HORIZON_DAYS

LIST_LIMIT = 30
DEFAULT_CASELOAD_TARGET = 20


def caseload_target(programme):
    return programme.caseload_target if programme else DEFAULT_CASELOAD_TARGET


@dataclass(frozen=True)
class CaseloadRow:
    """A referent's caseload against the target, with the appointments their young people missed lately."""

    caseload: object  # workspace.Caseload
    target: int
    missed: int

    def __getattr__(self, name):
        return getattr(self.caseload, name)

    def __str__(self):
        return str(self.caseload)

    @property
    def overloaded(self):
        return self.caseload.open_count > self.target

    @property
    def percent_of_target(self):
        return round(100 * self.caseload.open_count / self.target) if self.target else None


def caseload_rows(caseloads, programme, today):
    target = caseload_target(programme)
    missed = missed_by_staff(today)
    return [CaseloadRow(row, target, missed.get(row.pk, 0)) for row in caseloads]


def waiting_for_referent(today, limit=LIST_LIMIT):
    """Mobilised young people with no pathway yet, those who waited longest first: (rows, total). Each row is a
    Youth with `mobilised_on` and `waited_days`."""
    facts = FunnelFacts.objects.filter(current=True, stage=Stage.MOBILISED)
    rows = list(
        facts.select_related("youth__referent")
        .annotate(total=Window(Count("pk")))
        .order_by("mobilised_on", "youth_id")[: limit if limit else None]
    )
    youths = []
    for fact in rows:
        youth = fact.youth
        youth.mobilised_on = fact.mobilised_on
        youth.waited_days = (today - fact.mobilised_on).days if fact.mobilised_on else None
        youths.append(youth)
    return youths, rows[0].total if rows else 0


def waiting_count():
    return FunnelFacts.objects.filter(current=True, stage=Stage.MOBILISED).count()


def referents_with_capacity(caseloads, target, limit=3):
    """The referents furthest below the target (from a full list of caseloads), to suggest for a new pathway."""
    open_ones = [row for row in caseloads if row.open_count < target]
    return sorted(open_ones, key=lambda row: (row.open_count, row.name, row.pk))[:limit]


def exit_checks_due(today, limit=LIST_LIMIT):
    """Exit checks not recorded, due within two weeks or overdue, across the consortium: (rows, total, overdue)."""
    checks = ExitCheck.objects.filter(
        held__isnull=True, due_on__lte=today + timedelta(days=EXIT_CHECK_HORIZON_DAYS)
    ).order_by("due_on", "pk")
    rows = list(
        checks.select_related("exit__pathway__youth", "exit__pathway__referent").annotate(
            total=Window(Count("pk")), overdue=Window(Count("pk", filter=Q(due_on__lt=today)))
        )[:limit]
    )
    return rows, (rows[0].total if rows else 0), (rows[0].overdue if rows else 0)


class AssignmentRefused(Exception):
    pass


def assign(youths, referent, *, by, started_on):
    """Start a pathway with `referent` for each young person, all or none; each start is recorded in the referent
    history by `Pathway.start`. Refused when one of them is no longer waiting or the account is deactivated."""
    if not referent.is_active:
        raise AssignmentRefused("inactive")
    with transaction.atomic():
        youth_ids = [youth.pk for youth in youths]
        locked = list(Youth.objects.select_for_update().filter(pk__in=youth_ids).order_by("pk"))
        if Pathway.objects.open().filter(youth__in=youth_ids).exists() or len(locked) != len(set(youth_ids)):
            raise AssignmentRefused("taken")
        return [Pathway.start(youth, referent=referent, by=by, started_on=started_on) for youth in locked]
