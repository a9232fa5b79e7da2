"""How barriers are lifted, and with whom: the one definition of these figures, for the pages that show them.

- Orientations: every orientation recorded (any status), counted by the barrier's category or the service's
  structure.
- Acceptance rate: orientations taken up (accepted or done) over those answered (accepted, declined or done);
  none while nothing is answered.
- Median days identified → lifted: over the barriers lifted, the median of (lifted on − identified on) in days.
  By category: every lifted barrier of the category, oriented or not. By structure: the lifted barriers that an
  orientation to one of its services took up (each barrier once per structure).
Counts only: nothing here names a young person.
"""

from collections import defaultdict
from statistics import median

from django.db.models import Count, Q

from accompaniment.enums import BarrierCategory, BarrierStatus
from accompaniment.models import Barrier

from .enums import ANSWERED, TAKEN_UP
from .models import Orientation, Structure


def _rate(taken_up, answered):
    return round(100 * taken_up / answered) if answered else None


def _median(days):
    return median(days) if days else None


def _counts(group_by):
    return {
        row[group_by]: row
        for row in Orientation.objects.values(group_by).annotate(
            orientations=Count("pk"),
            answered=Count("pk", filter=Q(status__in=ANSWERED)),
            taken_up=Count("pk", filter=Q(status__in=TAKEN_UP)),
        )
    }


def by_barrier_category():
    counts = _counts("barrier__category")
    days = defaultdict(list)
    lifted = Barrier.objects.filter(status=BarrierStatus.LIFTED).values_list("category", "identified_on", "lifted_on")
    for category, identified_on, lifted_on in lifted:
        days[category].append((lifted_on - identified_on).days)
    rows = []
    for category in BarrierCategory:
        row = counts.get(category.value, {})
        rows.append(
            {
                "label": category.label,
                "orientations": row.get("orientations", 0),
                "acceptance_rate": _rate(row.get("taken_up", 0), row.get("answered", 0)),
                "lifted": len(days[category.value]),
                "median_days": _median(days[category.value]),
            }
        )
    return rows


def by_structure():
    counts = _counts("service__structure")
    days = defaultdict(dict)
    lifted = (
        Orientation.objects.filter(status__in=TAKEN_UP, barrier__status=BarrierStatus.LIFTED)
        .values_list("service__structure", "barrier", "barrier__identified_on", "barrier__lifted_on")
        .distinct()
    )
    for structure_id, barrier_id, identified_on, lifted_on in lifted:
        days[structure_id][barrier_id] = (lifted_on - identified_on).days
    structures = Structure.objects.filter(pk__in=counts).select_related("organisation").order_by("name")
    return [
        {
            "label": structure.name,
            "partner": structure.organisation,
            "orientations": counts[structure.pk]["orientations"],
            "acceptance_rate": _rate(counts[structure.pk]["taken_up"], counts[structure.pk]["answered"]),
            "lifted": len(days[structure.pk]),
            "median_days": _median(list(days[structure.pk].values())),
        }
        for structure in structures
    ]
