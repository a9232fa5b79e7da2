"""The definitions of the exit figures, written once (youths/figures.py defines the rest of the funnel and the
scope): the coordinator dashboard and home page use these; the indicators (reflex/reports/indicators.py,
`exit_totals`) compute the same definitions in their single pass over the exits, and tests check both agree.

- **Exited by a day**: young people with an exit recorded by that day, each once, whether or not they came back
  into a pathway since.
- **Exits of a period by group**: young people with an exit in the period, each once, with their latest exit of the
  period (date, then the exit recorded last), grouped as funders count them (`EXIT_GROUP_OF_OUTCOME`).
"""

from collections import Counter

from django.db.models import Count

from youths.figures import Scope, in_scope

from .enums import EXIT_GROUP_OF_OUTCOME, ExitGroup
from .models import Exit

YOUTH = "pathway__youth_id"


def exits_in_scope(scope=Scope.IN_TARGET):
    return Exit.objects.filter(in_scope(scope, prefix="pathway__youth__"))


def exited_by(day, scope=Scope.IN_TARGET):
    """How many young people had an exit recorded by `day`: one query."""
    return exits_in_scope(scope).filter(exited_on__lte=day).values(YOUTH).distinct().count()


def exits_by_group(start, end, scope=Scope.IN_TARGET):
    """[(ExitGroup, young people)] for the exits of the period, each young person once with their latest exit of
    the period, every group listed: one query."""
    latest = (
        exits_in_scope(scope)
        .filter(exited_on__range=(start, end))
        .order_by(YOUTH, "-exited_on", "-pk")
        .distinct(YOUTH)
        .values("pk")
    )
    counts = Counter()
    # Grouped by outcome in SQL, then by the funder's group here: the CASE of every outcome costs more to build.
    rows = Exit.objects.filter(pk__in=latest).order_by().values("outcome").annotate(n=Count("pk"))
    for outcome, n in rows.values_list("outcome", "n"):
        counts[EXIT_GROUP_OF_OUTCOME.get(outcome)] += n
    return [(group, counts[group]) for group in ExitGroup]


RETENTION_MONTHS = (3, 6)


def retention(day, scope=Scope.IN_TARGET):
    """Did jobs and trainings hold? For each delay (+3, +6 months): the checks of exits to a job or training due by
    `day`, those recorded, those where it held, and the share held among those recorded: one query."""
    from django.db.models import Q

    from .models import ExitCheck

    checks = ExitCheck.objects.filter(
        in_scope(scope, prefix="exit__pathway__youth__"), due_on__lte=day, months__in=RETENTION_MONTHS
    )
    counts = {}
    for months in RETENTION_MONTHS:
        delay = Q(months=months)
        counts |= {
            f"due_{months}": Count("pk", filter=delay),
            f"checked_{months}": Count("pk", filter=delay & Q(held__isnull=False)),
            f"held_{months}": Count("pk", filter=delay & Q(held=True)),
        }
    totals = checks.aggregate(**counts)
    rows = []
    for months in RETENTION_MONTHS:
        checked, held = totals[f"checked_{months}"], totals[f"held_{months}"]
        rows.append(
            {
                "months": months,
                "due": totals[f"due_{months}"],
                "checked": checked,
                "held": held,
                "share": round(held * 100 / checked, 1) if checked else None,
            }
        )
    return rows
