"""Outreach analytics: effort, reach and yield of the sessions, as SQL aggregations.

The database groups the period's done sessions at a fine grain — place × weekday × hour of start × month × season ×
mode — in one query: four grouped parts (sessions, staff, tallies, named contacts: each table aggregated once,
with hash joins, so that the cost grows gently with the data) stacked with UNION ALL. Every breakdown (by place,
neighbourhood, weekday, hour, month, season, mode, weekday × hour, place × slot for the schedule) is then a roll-up
of those few hundred groups, never a loop over sessions, tallies or contacts.

Use `OutreachFigures(start, end, **filters)` to compute once and read many figures (the analytics page, the
outreach PDF); the module functions `summary`, `breakdown`, `heat_map`, … are one-shot shortcuts with the same
signature `(start, end, **filters)`. Dates are included; filters are `place`, `neighbourhood` (object or id) and
`mode`. Results are plain dicts and lists.

Definitions (done sessions only; planned and cancelled ones are not effort):
- effort: `sessions`, `staff_hours` = duration × number of staff present;
- reach: `encounters` (anonymous tallies), `new_encounters` (of whom new), `named_contacts`, `new_youths` (named
  contacts that were the young person's first ever), `reach` = encounters + named contacts;
- yield: `reach_per_staff_hour`, `new_per_staff_hour`, `pathway_entries` (young people whose first ever named
  contact happened in these sessions and whose pathway started on or after it, per `Youth.objects.with_stage()`),
  and `entries_per_staff_hour`.
"""

from datetime import date
from functools import cached_property

from django.db.models import BigIntegerField, Case, Count, Exists, F, OuterRef, Q, Sum, Value, When
from django.db.models.functions import Cast, Coalesce, ExtractHour, ExtractIsoWeekDay, TruncMonth
from django.utils.translation import gettext as _

from youths.models import Youth

from .enums import Channel, EntourageKind, SessionMode, SessionStatus
from .models import EncounterTally, NamedContact, OnlineOutreach, OutreachSession

MIN_SESSIONS_FOR_CONFIDENCE = 3
SEASON_MONTHS = {"winter": (12, 1, 2), "spring": (3, 4, 5), "summer": (6, 7, 8), "autumn": (9, 10, 11)}
SEASONS = ("winter", "spring", "summer", "autumn")
DIMENSIONS = ("place", "neighbourhood", "weekday", "hour", "month", "season", "mode")
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


def default_period(today):
    """The last twelve months, up to today."""
    return date(today.year - 1, today.month, 1), today


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


def _grain(prefix=""):
    """The fine grouping, as expressions on a session (prefix "session__" from a tally or a contact)."""
    return {
        "g_place": F(f"{prefix}place_id"),
        "g_place_label": F(f"{prefix}place__name"),
        "g_neighbourhood": F(f"{prefix}place__neighbourhood_id"),
        "g_neighbourhood_label": F(f"{prefix}place__neighbourhood__name"),
        "g_weekday": ExtractIsoWeekDay(f"{prefix}date"),
        "g_hour": ExtractHour(f"{prefix}start_time"),
        "g_month": TruncMonth(f"{prefix}date"),
        "g_season": Case(
            *(
                When(**{f"{prefix}date__month__in": months}, then=Value(name))
                for name, months in SEASON_MONTHS.items()
            ),
            default=Value(""),
        ),
        "g_mode": F(f"{prefix}mode"),
    }


GRAIN = tuple(_grain())


def _grouped(queryset, prefix, **measures):
    """`queryset` grouped at the fine grain, with `measures` and a 0 for every other measure (union-compatible)."""
    grain = _grain(prefix)
    zeros = {name: Value(0, output_field=BigIntegerField()) for name in MEASURE_NAMES if name not in measures}
    typed = {name: Cast(expression, BigIntegerField()) for name, expression in measures.items()}
    return (
        queryset.annotate(**grain).values(*grain).annotate(**typed, **zeros).values(*GRAIN, *MEASURE_NAMES).order_by()
    )


def _first_contacts():
    """Each young person's first ever named contact (PostgreSQL DISTINCT ON): the ids, as a subquery."""
    return (
        NamedContact.objects.filter(session__status=SessionStatus.DONE)
        .order_by("youth_id", "session__date", "session__start_time", "pk")
        .distinct("youth_id")
        .values("pk")
    )


def _pathway_started_after_contact():
    """The contact's young person entered a pathway on or after the contact's date (youths' funnel facts)."""
    if not hasattr(Youth.objects, "with_stage"):
        return Q(pk__in=[])
    started = Youth.objects.with_stage().filter(
        pk=OuterRef("youth_id"), pathway_started_on__gte=OuterRef("session__date")
    )
    return Q(Exists(started))


def _ratio(numerator, denominator, digits=2):
    return round(numerator / denominator, digits) if denominator else 0


def _finish(sums):
    """Turn the raw sums of one group into the published figures (rounded staff-hours and yields)."""
    figures = {name: sums.get(name) or 0 for name in MEASURE_NAMES}
    staff_hours = figures.pop("staff_minutes") / 60
    figures["staff_hours"] = round(staff_hours, 1)
    figures["direct_encounters"] = figures["encounters"] - figures["entourage_encounters"]
    figures["reach"] = figures["encounters"] + figures["named_contacts"]
    figures["reach_per_staff_hour"] = _ratio(figures["reach"], staff_hours)
    figures["new_per_staff_hour"] = _ratio(figures["new_encounters"] + figures["new_youths"], staff_hours)
    figures["entries_per_staff_hour"] = _ratio(figures["pathway_entries"], staff_hours, 3)
    return figures


def _label(dimension, key, group):
    if dimension in ("place", "neighbourhood"):
        return group[f"g_{dimension}_label"] or _("No neighbourhood")
    if dimension == "weekday":
        return weekday_label(key)
    if dimension == "hour":
        return f"{key:02d} h"
    if dimension == "month":
        return f"{key:%m/%Y}"
    if dimension == "season":
        return season_label(key)
    if dimension == "mode":
        return str(SessionMode(key).label)
    return str(key)


def _sort_key(key):
    parts = key if isinstance(key, tuple) else (key,)
    return tuple((part is None, part if part is not None else 0) for part in parts)


class OutreachFigures:
    """The outreach figures of a period: one grouped query on first use, then roll-ups in memory."""

    def __init__(self, start, end, **filters):
        self.start, self.end, self.filters = start, end, filters
        self.sessions = done_sessions(start, end, **filters)

    @cached_property
    def groups(self):
        """{fine key: {"g_…": …, measure: sum}}: the only place that reads sessions, staff, tallies and contacts."""
        staff_link = OutreachSession.staff.through.objects.filter(outreachsession__in=self.sessions)
        parts = [
            _grouped(
                self.sessions,
                "",
                sessions=Count("pk"),
                activity_attendance=Coalesce(Sum("activity_attendance"), 0),
            ),
            _grouped(staff_link, "outreachsession__", staff_minutes=Sum("outreachsession__duration_minutes")),
            _grouped(
                EncounterTally.objects.filter(session__in=self.sessions),
                "session__",
                encounters=Sum("count"),
                new_encounters=Sum("new_count"),
                entourage_encounters=Coalesce(Sum("count", filter=Q(channel=Channel.ENTOURAGE)), 0),
            ),
            _grouped(
                NamedContact.objects.filter(session__in=self.sessions),
                "session__",
                named_contacts=Count("pk"),
                new_youths=Count("pk", filter=Q(pk__in=_first_contacts())),
                pathway_entries=Count("pk", filter=Q(pk__in=_first_contacts()) & _pathway_started_after_contact()),
            ),
        ]
        groups = {}
        for row in parts[0].union(*parts[1:], all=True).order_by():  # one query: the four grouped parts, stacked
            key = tuple(row[name] for name in GRAIN)
            group = groups.setdefault(key, {**row, **dict.fromkeys(MEASURE_NAMES, 0)})
            for name in MEASURE_NAMES:
                group[name] += row[name] or 0
        return groups

    def _rollup(self, dimensions, groups=None):
        sums, samples = {}, {}
        for group in (self.groups if groups is None else groups).values():
            key = tuple(group[f"g_{dimension}"] for dimension in dimensions)
            total = sums.setdefault(key, dict.fromkeys(MEASURE_NAMES, 0))
            for name in MEASURE_NAMES:
                total[name] += group.get(name) or 0
            samples.setdefault(key, group)
        return sums, samples

    def summary(self):
        sums, _samples = self._rollup(())
        return _finish(sums.get((), {}))

    def breakdown(self, by):
        """Figures by one dimension or several (e.g. ("weekday", "hour")): dicts with `key`, `label` and figures."""
        dimensions = (by,) if isinstance(by, str) else tuple(by)
        sums, samples = self._rollup(dimensions)
        rows = []
        for key in sorted(sums, key=_sort_key):
            labels = [
                str(_label(dimension, part, samples[key])) for dimension, part in zip(dimensions, key, strict=True)
            ]
            rows.append({"key": key[0] if len(key) == 1 else key, "label": " · ".join(labels), **_finish(sums[key])})
        return rows

    def places_ranked(self):
        """Places by young people reached per staff-hour, best first."""
        return sorted(self.breakdown("place"), key=lambda row: (-row["reach_per_staff_hour"], row["label"]))

    def heat_map(self, value="reach_per_staff_hour"):
        """Weekday × hour of start: weekdays, hours, the figures of each cell and a matrix of `value` (None: empty)."""
        cells = {row["key"]: row for row in self.breakdown(("weekday", "hour"))}
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

    def recommended_schedule(self, season=None, limit=8):
        """The best slots (place × weekday × hour of start) of a season by reach per staff-hour.

        Only the period's sessions of that season count (default: the season after the period's end); a slot backed
        by fewer than MIN_SESSIONS_FOR_CONFIDENCE sessions is flagged `low_confidence` and ranked after the others.
        """
        season = season or next_season(self.end)
        in_season = {key: group for key, group in self.groups.items() if group["g_season"] == season}
        sums, samples = self._rollup(("place", "weekday", "hour"), in_season)
        slots = []
        for (place_id, weekday, hour), total in sums.items():
            figures = _finish(total)
            slots.append(
                {
                    "place_id": place_id,
                    "place": samples[(place_id, weekday, hour)]["g_place_label"],
                    "weekday": weekday,
                    "weekday_label": weekday_label(weekday),
                    "hour": hour,
                    "low_confidence": figures["sessions"] < MIN_SESSIONS_FOR_CONFIDENCE,
                    **figures,
                }
            )
        slots.sort(key=lambda slot: (slot["low_confidence"], -slot["reach_per_staff_hour"], slot["place"]))
        return {"season": season, "season_label": season_label(season), "slots": slots[:limit]}

    def entourage(self):
        """Direct versus entourage encounters, and the entourage by kind: one query."""
        kinds = {
            kind.value: Coalesce(Sum("count", filter=Q(channel=Channel.ENTOURAGE, entourage_kind=kind)), 0)
            for kind in EntourageKind
        }
        totals = EncounterTally.objects.filter(session__in=self.sessions).aggregate(
            direct=Coalesce(Sum("count", filter=Q(channel=Channel.DIRECT)), 0),
            entourage=Coalesce(Sum("count", filter=Q(channel=Channel.ENTOURAGE)), 0),
            **kinds,
        )
        return {
            "direct": totals["direct"],
            "entourage": totals["entourage"],
            "by_kind": [
                {"key": kind.value, "label": str(kind.label), "count": totals[kind.value]} for kind in EntourageKind
            ],
        }

    def online_summary(self):
        """Online outreach (maraude numérique) of the period: effort and what it brought (three queries)."""
        online = OnlineOutreach.objects.filter(date__gte=self.start, date__lte=self.end)
        staff_minutes = OnlineOutreach.staff.through.objects.filter(onlineoutreach__in=online).aggregate(
            minutes=Coalesce(Sum("onlineoutreach__duration_minutes"), 0)
        )["minutes"]
        totals = online.aggregate(
            actions=Count("pk"),
            messages_sent=Coalesce(Sum("messages_sent"), 0),
            replies=Coalesce(Sum("replies"), 0),
            contacts_generated=Coalesce(Sum("contacts_generated"), 0),
        )
        totals["named_youths"] = OnlineOutreach.youths.through.objects.filter(onlineoutreach__in=online).aggregate(
            n=Count("youth", distinct=True)
        )["n"]
        staff_hours = staff_minutes / 60
        totals["staff_hours"] = round(staff_hours, 1)
        totals["reach"] = totals["contacts_generated"]
        totals["reach_per_staff_hour"] = _ratio(totals["contacts_generated"], staff_hours)
        return totals

    def online_vs_in_person(self):
        """Sessions met in person (every mode but online) beside online outreach."""
        in_person = [row for row in self.breakdown("mode") if row["key"] != SessionMode.ONLINE]
        staff_hours = sum(row["staff_hours"] for row in in_person)
        reach = sum(row["reach"] for row in in_person)
        return {
            "in_person": {
                "sessions": sum(row["sessions"] for row in in_person),
                "staff_hours": round(staff_hours, 1),
                "reach": reach,
                "reach_per_staff_hour": _ratio(reach, staff_hours),
            },
            "online": self.online_summary(),
        }


def summary(start, end, **filters):
    return OutreachFigures(start, end, **filters).summary()


def breakdown(start, end, by, **filters):
    return OutreachFigures(start, end, **filters).breakdown(by)


def places_ranked(start, end, **filters):
    return OutreachFigures(start, end, **filters).places_ranked()


def heat_map(start, end, value="reach_per_staff_hour", **filters):
    return OutreachFigures(start, end, **filters).heat_map(value)


def recommended_schedule(start, end, season=None, limit=8, **filters):
    return OutreachFigures(start, end, **filters).recommended_schedule(season, limit)


def entourage(start, end, **filters):
    return OutreachFigures(start, end, **filters).entourage()


def online_summary(start, end, **filters):
    return OutreachFigures(start, end, **filters).online_summary()


def online_vs_in_person(start, end, **filters):
    """In person: the filters apply except `mode`; online outreach has neither place nor mode."""
    filters = {key: value for key, value in filters.items() if key != "mode"}
    return OutreachFigures(start, end, **filters).online_vs_in_person()
