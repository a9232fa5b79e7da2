"""Outreach analytics: effort, reach and yield of the sessions, as SQL aggregations.

Every public function takes a period `(start, end)` (dates, both included) and optional filters
(`place`, `neighbourhood`, `mode`: an object, an id or a value), and returns plain dicts and lists that pages,
PDF reports and exports can use as they are. Each function runs a fixed number of queries, whatever the number of
sessions: per-session figures are correlated subqueries, summed by the database over the requested grouping.

Definitions (done sessions only; planned and cancelled ones are not effort):
- effort: `sessions`, `staff_hours` = duration × number of staff present;
- reach: `encounters` (anonymous tallies), `new_encounters` (of whom new), `named_contacts`, `new_youths` (named
  contacts that were the young person's first ever), `reach` = encounters + named contacts;
- yield: `reach_per_staff_hour`, `new_per_staff_hour`, `pathway_entries` (young people whose first named contact
  happened in the sessions and who later entered a pathway, per `Youth.objects.with_stage()`), and
  `entries_per_staff_hour`.
"""

from datetime import date

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, ExtractHour, ExtractIsoWeekDay, TruncMonth
from django.utils.translation import gettext as _

from youths.models import Youth

from .enums import Channel, EntourageKind, SessionMode, SessionStatus
from .models import EncounterTally, NamedContact, OnlineOutreach, OutreachSession

MIN_SESSIONS_FOR_CONFIDENCE = 3
SEASON_MONTHS = {"winter": (12, 1, 2), "spring": (3, 4, 5), "summer": (6, 7, 8), "autumn": (9, 10, 11)}
SEASONS = ("winter", "spring", "summer", "autumn")


def season_label(season):
    from .enums import Season

    return str(Season(season).label)


def season_of(day):
    return next(name for name, months in SEASON_MONTHS.items() if day.month in months)


def next_season(day):
    return SEASONS[(SEASONS.index(season_of(day)) + 1) % 4]


def weekday_label(number):
    return [_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday")][
        number - 1
    ]


def _season_expression(field):
    return Case(
        *(When(**{f"{field}__month__in": months}, then=Value(name)) for name, months in SEASON_MONTHS.items()),
        default=Value(""),
    )


# Each dimension: the SQL expressions to group sessions by (the first one is the key).
DIMENSIONS = {
    "place": lambda: {"key": F("place_id"), "label": F("place__name")},
    "neighbourhood": lambda: {"key": F("place__neighbourhood_id"), "label": F("place__neighbourhood__name")},
    "weekday": lambda: {"key": ExtractIsoWeekDay("date")},
    "hour": lambda: {"key": ExtractHour("start_time")},
    "month": lambda: {"key": TruncMonth("date")},
    "season": lambda: {"key": _season_expression("date")},
    "mode": lambda: {"key": F("mode")},
}


def _id(value):
    return getattr(value, "pk", value)


def done_sessions(start, end, *, place=None, neighbourhood=None, mode=None):
    """The done sessions of the period, filtered."""
    sessions = OutreachSession.objects.filter(status=SessionStatus.DONE, date__gte=start, date__lte=end)
    if place:
        sessions = sessions.filter(place_id=_id(place))
    if neighbourhood:
        sessions = sessions.filter(place__neighbourhood_id=_id(neighbourhood))
    if mode:
        sessions = sessions.filter(mode=mode)
    return sessions


def _per_session(queryset, expression):
    """A correlated subquery: `expression` aggregated over `queryset` rows of the outer session, 0 if none."""
    subquery = queryset.filter(session=OuterRef("pk")).values("session").annotate(total=expression).values("total")
    return Coalesce(Subquery(subquery, output_field=IntegerField()), 0)


def _pathway_entries_expression():
    """Per session: young people whose first ever named contact was there and who entered a pathway afterwards."""
    youths = Youth.objects.with_stage() if hasattr(Youth.objects, "with_stage") else None
    if youths is None:
        return Value(0)
    started_after = youths.filter(pk=OuterRef("youth_id"), pathway_started_on__gte=OuterRef("session__date"))
    contacts = NamedContact.objects.first_ever().filter(Exists(started_after))
    return _per_session(contacts, Count("youth", distinct=True))


def _measures():
    staff = OutreachSession.staff.through.objects.filter(outreachsession=OuterRef("pk")).values("outreachsession")
    staff_count = Coalesce(Subquery(staff.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0)
    tallies = EncounterTally.objects.all()
    named = NamedContact.objects.all()
    return {
        "sessions": Count("pk"),
        "staff_minutes": Sum(F("duration_minutes") * staff_count),
        "encounters": Sum(_per_session(tallies, Sum("count"))),
        "new_encounters": Sum(_per_session(tallies, Sum("new_count"))),
        "entourage_encounters": Sum(_per_session(tallies.filter(channel=Channel.ENTOURAGE), Sum("count"))),
        "named_contacts": Sum(_per_session(named, Count("pk"))),
        "new_youths": Sum(_per_session(named.first_ever(), Count("pk"))),
        "pathway_entries": Sum(_pathway_entries_expression()),
        "activity_attendance": Sum(Coalesce("activity_attendance", 0)),
    }


MEASURE_NAMES = (
    "sessions",
    "staff_minutes",
    "encounters",
    "new_encounters",
    "entourage_encounters",
    "named_contacts",
    "new_youths",
    "pathway_entries",
    "activity_attendance",
)


def _ratio(numerator, denominator, digits=2):
    return round(numerator / denominator, digits) if denominator else 0


def _finish(row):
    """Turn the raw sums of one group into the published figures (rounded staff-hours and yields)."""
    figures = {name: row.get(name) or 0 for name in MEASURE_NAMES}
    staff_hours = figures.pop("staff_minutes") / 60
    figures["staff_hours"] = round(staff_hours, 1)
    figures["direct_encounters"] = figures["encounters"] - figures["entourage_encounters"]
    figures["reach"] = figures["encounters"] + figures["named_contacts"]
    figures["reach_per_staff_hour"] = _ratio(figures["reach"], staff_hours)
    figures["new_per_staff_hour"] = _ratio(figures["new_encounters"] + figures["new_youths"], staff_hours)
    figures["entries_per_staff_hour"] = _ratio(figures["pathway_entries"], staff_hours, 3)
    return figures


def summary(start, end, **filters):
    """The figures of the whole period: one query."""
    return _finish(done_sessions(start, end, **filters).aggregate(**_measures()))


def _label(dimension, key, row):
    if dimension in ("place", "neighbourhood"):
        return row.get(f"{dimension}_label") or _("No neighbourhood")
    if dimension == "weekday":
        return weekday_label(key)
    if dimension == "hour":
        return f"{key:02d} h"
    if dimension == "month":
        return f"{key:%m/%Y}"
    if dimension == "season":
        return season_label(key)
    if dimension == "mode":
        return SessionMode(key).label
    return str(key)


def breakdown(start, end, by, **filters):
    """The figures grouped by one dimension or several (e.g. ("weekday", "hour")): one query.

    Returns a list of dicts: `key` (a value, or a tuple for several dimensions), `label`, and the figures.
    """
    dimensions = (by,) if isinstance(by, str) else tuple(by)
    columns = {}
    for dimension in dimensions:
        expressions = DIMENSIONS[dimension]()
        columns[f"{dimension}_key"] = expressions["key"]
        if "label" in expressions:
            columns[f"{dimension}_label"] = expressions["label"]
    rows = (
        done_sessions(start, end, **filters)
        .annotate(**columns)
        .values(*columns)
        .annotate(**_measures())
        .order_by(*(f"{dimension}_key" for dimension in dimensions))
    )
    result = []
    for row in rows:
        keys = tuple(row[f"{dimension}_key"] for dimension in dimensions)
        labels = [str(_label(dimension, key, row)) for dimension, key in zip(dimensions, keys, strict=True)]
        result.append({"key": keys[0] if len(keys) == 1 else keys, "label": " · ".join(labels), **_finish(row)})
    return result


def places_ranked(start, end, **filters):
    """Places by reach per staff-hour, best first."""
    return sorted(
        breakdown(start, end, "place", **filters), key=lambda row: (-row["reach_per_staff_hour"], row["label"])
    )


def heat_map(start, end, value="reach_per_staff_hour", **filters):
    """Weekday × hour of start: {"weekdays": [(1, "Monday")…], "hours": [..], "cells": {(weekday, hour): figures}}."""
    cells = {row["key"]: row for row in breakdown(start, end, ("weekday", "hour"), **filters)}
    hours = sorted({hour for _weekday, hour in cells})
    return {
        "value": value,
        "weekdays": [(number, weekday_label(number)) for number in range(1, 8)],
        "hours": hours,
        "cells": cells,
        "matrix": [
            [cells[(number, hour)][value] if (number, hour) in cells else None for hour in hours]
            for number in range(1, 8)
        ],
    }


def entourage(start, end, **filters):
    """Direct versus entourage encounters, and the entourage by kind: one query."""
    tallies = EncounterTally.objects.filter(session__in=done_sessions(start, end, **filters))
    totals = tallies.aggregate(
        direct=Coalesce(Sum("count", filter=Q(channel=Channel.DIRECT)), 0),
        entourage=Coalesce(Sum("count", filter=Q(channel=Channel.ENTOURAGE)), 0),
        **{
            kind.value: Coalesce(Sum("count", filter=Q(channel=Channel.ENTOURAGE, entourage_kind=kind)), 0)
            for kind in EntourageKind
        },
    )
    return {
        "direct": totals["direct"],
        "entourage": totals["entourage"],
        "by_kind": [{"key": kind.value, "label": kind.label, "count": totals[kind.value]} for kind in EntourageKind],
    }


def online_summary(start, end, **filters):
    """Online outreach of the period: effort and what it brought (two queries)."""
    online = OnlineOutreach.objects.filter(date__gte=start, date__lte=end)
    staff = OnlineOutreach.staff.through.objects.filter(onlineoutreach=OuterRef("pk")).values("onlineoutreach")
    staff_count = Coalesce(Subquery(staff.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0)
    totals = online.aggregate(
        actions=Count("pk"),
        staff_minutes=Coalesce(Sum(F("duration_minutes") * staff_count), 0),
        messages_sent=Coalesce(Sum("messages_sent"), 0),
        replies=Coalesce(Sum("replies"), 0),
        contacts_generated=Coalesce(Sum("contacts_generated"), 0),
    )
    totals["named_youths"] = OnlineOutreach.youths.through.objects.filter(onlineoutreach__in=online).aggregate(
        n=Count("youth", distinct=True)
    )["n"]
    staff_hours = totals.pop("staff_minutes") / 60
    totals["staff_hours"] = round(staff_hours, 1)
    totals["reach"] = totals["contacts_generated"]
    totals["reach_per_staff_hour"] = _ratio(totals["contacts_generated"], staff_hours)
    return totals


def online_vs_in_person(start, end, **filters):
    """Side by side: sessions met in person (all modes but online) and online (online sessions + maraude)."""
    in_person_filters = {key: value for key, value in filters.items() if key != "mode"}
    by_mode = {row["key"]: row for row in breakdown(start, end, "mode", **in_person_filters)}
    in_person = [row for key, row in by_mode.items() if key != SessionMode.ONLINE]
    staff_hours = sum(row["staff_hours"] for row in in_person)
    reach = sum(row["reach"] for row in in_person)
    return {
        "in_person": {
            "sessions": sum(row["sessions"] for row in in_person),
            "staff_hours": round(staff_hours, 1),
            "reach": reach,
            "reach_per_staff_hour": _ratio(reach, staff_hours),
        },
        "online": online_summary(start, end),
    }


def recommended_schedule(start, end, season=None, limit=8, **filters):
    """The best slots (place × weekday × hour of start) for a season, by reach per staff-hour.

    Only the period's sessions of that season count (default: the season after `end`); a slot backed by fewer
    than MIN_SESSIONS_FOR_CONFIDENCE sessions is flagged `low_confidence`.
    """
    season = season or next_season(end)
    sessions = done_sessions(start, end, **filters).filter(date__month__in=SEASON_MONTHS[season])
    rows = (
        sessions.annotate(
            place_key=F("place_id"),
            place_label=F("place__name"),
            weekday=ExtractIsoWeekDay("date"),
            hour=ExtractHour("start_time"),
        )
        .values("place_key", "place_label", "weekday", "hour")
        .annotate(**_measures())
    )
    slots = []
    for row in rows:
        figures = _finish(row)
        slots.append(
            {
                "place_id": row["place_key"],
                "place": row["place_label"],
                "weekday": row["weekday"],
                "weekday_label": weekday_label(row["weekday"]),
                "hour": row["hour"],
                "low_confidence": figures["sessions"] < MIN_SESSIONS_FOR_CONFIDENCE,
                **figures,
            }
        )
    slots.sort(key=lambda slot: (slot["low_confidence"], -slot["reach_per_staff_hour"], slot["place"]))
    return {"season": season, "season_label": season_label(season), "slots": slots[:limit]}


def default_period(today):
    """The last twelve months, up to today."""
    return date(today.year - 1, today.month, 1), today
