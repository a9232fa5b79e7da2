"""Outreach analytics: effort, reach and yield of the sessions, as SQL aggregations.

The database groups the period's done sessions at a fine grain — place × weekday × hour of start × month × mode
(the season follows from the month) — in one query over the stored session figures (one row per done session: its
grain and what it adds up to), joined to the stored first named contacts (outreach/session_figures.py keeps both
current), so that it reads one row per session and never ranks every contact again. Every breakdown (by place,
neighbourhood, weekday, hour, month, season, mode, weekday × hour, place × slot for the schedule) and the entourage
split are then roll-ups of those few hundred groups, never a loop over sessions, tallies or contacts.

Use `OutreachFigures(start, end, **filters)` to compute once and read many figures (the analytics page, the
outreach PDF); the module functions `summary`, `breakdown`, `heat_map`, … are one-shot shortcuts with the same
signature `(start, end, **filters)`. Dates are included; filters are `place`, `neighbourhood` (object or id) and
`mode`. Results are plain dicts and lists.

Definitions (done sessions only; planned and cancelled ones are not effort):
- effort: `sessions`, `staff_hours` = duration × number of staff present;
- reach: `encounters` (anonymous tallies), `new_encounters` (of whom new), `named_contacts`, `new_youths` (named
  contacts that were the young person's first ever), `reach` = encounters + named contacts: *contacts*, not people
  (a young person met twice counts twice; anonymous encounters cannot be told apart), labelled so everywhere;
  `named_youths` = the named young people met, each once (the summary only);
- yield: `reach_per_staff_hour`, `new_per_staff_hour`, `pathway_entries` (young people whose first ever named
  contact happened in these sessions and whose pathway started on or after it, per `Youth.objects.with_stage()`),
  and `entries_per_staff_hour`.
"""

from datetime import date, timedelta
from functools import cached_property
from operator import itemgetter

from django.db import connection, connections
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partners.models import Neighbourhood
from youths.models import FunnelFacts

from .enums import EntourageKind, SessionMode, SessionStatus
from .models import FirstNamedContact, OnlineOutreach, OutreachSession, Place, SessionFigures

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
ENTOURAGE_KINDS = tuple(EntourageKind.values)


def season_label(season):
    from .enums import Season

    return str(Season(season).label)


def season_of(day):
    return next(name for name, months in SEASON_MONTHS.items() if day.month in months)


def next_season(day):
    return SEASONS[(SEASONS.index(season_of(day)) + 1) % 4]


WEEKDAYS = (
    gettext_lazy("Monday"),
    gettext_lazy("Tuesday"),
    gettext_lazy("Wednesday"),
    gettext_lazy("Thursday"),
    gettext_lazy("Friday"),
    gettext_lazy("Saturday"),
    gettext_lazy("Sunday"),
)


def weekday_label(number):
    return str(WEEKDAYS[number - 1])


def default_period(today):
    """The last twelve months, up to today."""
    return date(today.year - 1, today.month, 1), today


def _id(value):
    return getattr(value, "pk", value)


def _in_period(queryset, start, end, *, place=None, neighbourhood=None, mode=None):
    """Sessions (or their stored figures: same field names) of the period, filtered."""
    queryset = queryset.filter(date__gte=start, date__lte=end)
    if place:
        queryset = queryset.filter(place_id=_id(place))
    if neighbourhood:
        queryset = queryset.filter(place__neighbourhood_id=_id(neighbourhood))
    if mode:
        queryset = queryset.filter(mode=mode)
    return queryset


def done_sessions(start, end, **filters):
    """The done sessions of the period, filtered (place, neighbourhood, mode)."""
    return _in_period(OutreachSession.objects.filter(status=SessionStatus.DONE), start, end, **filters)


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def _column(model, field):
    return connection.ops.quote_name(model._meta.get_field(field).column)


def _compiled(queryset):
    """The SQL and parameters of a queryset, to nest it in the grouped query."""
    return queryset.query.sql_with_params()


def _stored_figures(start, end, **filters):
    """The stored figures of the period's done sessions, filtered as `done_sessions()` filters the sessions."""
    return _in_period(SessionFigures.objects.all(), start, end, **filters)


def _pathway_starts():
    """When young people entered a pathway: `with_stage()`'s `pathway_started_on`, read straight from the stored
    funnel facts it joins (without scanning the young people's table)."""
    return FunnelFacts.objects.filter(pathway_started_on__isnull=False).values("youth_id", "pathway_started_on")


def _first_contacts_per_session(start, end):
    """Per session of the period: young people whose first ever named contact it was (`new_youths`), and of them
    those whose pathway started on or after that day (`pathway_entries`)."""
    starts, starts_params = _compiled(_pathway_starts())
    session, youth, day = (_column(FirstNamedContact, name) for name in ("session", "youth", "session_date"))
    sql = f"""
        SELECT first.{session}, COUNT(*)::integer,
               COUNT(*) FILTER (WHERE youth.pathway_started_on >= first.{day})::integer
        FROM {_table(FirstNamedContact)} AS first
        LEFT JOIN ({starts}) AS youth (id, pathway_started_on) ON youth.id = first.{youth}
        WHERE first.{day} BETWEEN %s AND %s
        GROUP BY 1"""
    return sql, (*starts_params, start, end)


# The stored columns the fine grain sums, in MEASURE_NAMES order, then the entourage by kind in ENTOURAGE_KINDS order
# (new_youths and pathway_entries come from the first contacts).
SUMMED = (
    "staff_minutes",
    "encounters",
    "new_encounters",
    "entourage_encounters",
    "named_contacts",
    "activity_attendance",
    *(f"entourage_{kind}" for kind in ENTOURAGE_KINDS),
)


def _grouped_sql(figures, start, end):
    """One query: the period's stored session figures, with their first contacts joined by session id, grouped at
    the fine grain; the entourage by kind follows the measures, in ENTOURAGE_KINDS order.

    Hash joins and one aggregation over one row per session, no correlated subquery: the cost grows with the
    sessions and no more, and the planner's estimates stay small enough for PostgreSQL not to spend longer
    compiling the query (JIT) than running it.
    """
    rows, rows_params = _compiled(
        figures.order_by().values("session_id", "place_id", "weekday", "hour", "month", "mode", *SUMMED)
    )
    first, first_params = _first_contacts_per_session(start, end)
    sums = {name: f"COALESCE(SUM(session.{name}), 0)" for name in SUMMED}
    sql = f"""
        SELECT grouped.*, place.name, place.neighbourhood_id, neighbourhood.name
        FROM (
            SELECT session.place_id, session.weekday, session.hour, session.month, session.mode,
                   COUNT(*),
                   {sums["staff_minutes"]},
                   {sums["encounters"]},
                   {sums["new_encounters"]},
                   {sums["entourage_encounters"]},
                   {sums["named_contacts"]},
                   COALESCE(SUM(first.new_youths), 0),
                   COALESCE(SUM(first.pathway_entries), 0),
                   {sums["activity_attendance"]},
                   {", ".join(sums[f"entourage_{kind}"] for kind in ENTOURAGE_KINDS)}
            FROM ({rows}) AS session (session_id, place_id, weekday, hour, month, mode, {", ".join(SUMMED)})
            LEFT JOIN ({first}) AS first (session_id, new_youths, pathway_entries)
                ON first.session_id = session.session_id
            GROUP BY 1, 2, 3, 4, 5
        ) AS grouped
        JOIN {_table(Place)} AS place ON place.id = grouped.place_id
        LEFT JOIN {_table(Neighbourhood)} AS neighbourhood ON neighbourhood.id = place.neighbourhood_id"""
    return sql, (*rows_params, *first_params)


def _key_getter(fields):
    """A function giving a group's key (a tuple, empty for the grand total) on `fields`."""
    if len(fields) > 1:
        return itemgetter(*fields)
    if fields:
        field = fields[0]
        return lambda group: (group[field],)
    return lambda group: ()


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
        self.stored_figures = _stored_figures(start, end, **filters)

    @cached_property
    def groups(self):
        """{fine key: {"g_…": …, "measures": sums in MEASURE_NAMES order, "entourage_by_kind": sums in
        ENTOURAGE_KINDS order}}: the only place that reads sessions and what they add up to."""
        sql, params = _grouped_sql(self.stored_figures, self.start, self.end)
        with connections[self.stored_figures.db].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        groups = {}
        measure_count = len(MEASURE_NAMES)
        for place, weekday, hour, month, mode, *sums, place_label, neighbourhood, neighbourhood_label in rows:
            grain = {
                "g_place": place,
                "g_place_label": place_label,
                "g_neighbourhood": neighbourhood,
                "g_neighbourhood_label": neighbourhood_label,
                "g_weekday": weekday,
                "g_hour": hour,
                "g_month": month,
                "g_season": season_of(month),
                "g_mode": mode,
            }
            groups[tuple(grain.values())] = {
                **grain,
                "measures": tuple(sums[:measure_count]),
                "entourage_by_kind": tuple(sums[measure_count:]),
            }
        return groups

    def _rollup(self, dimensions, groups=None):
        """Measures summed by `dimensions` ({key: {measure: sum}}), and one fine group of each key for its labels."""
        key_of = _key_getter([f"g_{dimension}" for dimension in dimensions])
        measures, samples = {}, {}
        for group in (self.groups if groups is None else groups).values():
            key = key_of(group)
            if key not in measures:
                measures[key], samples[key] = [], group
            measures[key].append(group["measures"])
        columns = {key: zip(*rows, strict=True) for key, rows in measures.items()}
        return {key: dict(zip(MEASURE_NAMES, map(sum, sums), strict=True)) for key, sums in columns.items()}, samples

    def summary(self):
        sums, _samples = self._rollup(())
        return _finish(sums.get((), {})) | {"named_youths": self.named_youths}

    @cached_property
    def named_youths(self):
        """The named young people met at the period's sessions, each once: one query."""
        from .models import NamedContact

        return NamedContact.objects.filter(session__in=self.sessions).values("youth_id").distinct().count()

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
        """Places by contacts per staff-hour, best first."""
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

        Only the period's sessions of that season count (default: the season of the month after the period's end, so
        that on 1 December it is winter, not spring); a slot backed
        by fewer than MIN_SESSIONS_FOR_CONFIDENCE sessions is flagged `low_confidence` and ranked after the others.
        """
        season = season or season_of((self.end.replace(day=1) + timedelta(days=32)).replace(day=1))
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
        """Direct versus entourage encounters, and the entourage by kind: sums of the grouped figures."""
        summary = self.summary()
        by_kind = dict.fromkeys(ENTOURAGE_KINDS, 0)
        for group in self.groups.values():
            for kind, met in zip(ENTOURAGE_KINDS, group["entourage_by_kind"], strict=True):
                by_kind[kind] += met
        return {
            "direct": summary["encounters"] - summary["entourage_encounters"],
            "entourage": summary["entourage_encounters"],
            "by_kind": [
                {"key": kind.value, "label": str(kind.label), "count": by_kind[kind.value]} for kind in EntourageKind
            ],
        }

    def online_summary(self):
        """Online outreach (maraude numérique) of the period: effort and what it brought (one query)."""
        staff, youths = OnlineOutreach.staff.through, OnlineOutreach.youths.through
        period = f"{_column(OnlineOutreach, 'date')} BETWEEN %s AND %s"
        sql = f"""
            SELECT COUNT(*), COALESCE(SUM(messages_sent), 0), COALESCE(SUM(replies), 0),
                   COALESCE(SUM(contacts_generated), 0),
                   (SELECT COALESCE(SUM(action.duration_minutes), 0)
                    FROM {_table(staff)} AS link
                    JOIN {_table(OnlineOutreach)} AS action ON action.id = link.{_column(staff, "onlineoutreach")}
                    WHERE action.{period}),
                   (SELECT COUNT(DISTINCT link.{_column(youths, "youth")})
                    FROM {_table(youths)} AS link
                    JOIN {_table(OnlineOutreach)} AS action ON action.id = link.{_column(youths, "onlineoutreach")}
                    WHERE action.{period})
            FROM {_table(OnlineOutreach)}
            WHERE {period}"""
        period_params = (self.start, self.end)
        with connections[self.stored_figures.db].cursor() as cursor:
            cursor.execute(sql, period_params * 3)
            actions, messages_sent, replies, contacts_generated, staff_minutes, named_youths = cursor.fetchone()
        totals = {
            "actions": actions,
            "messages_sent": messages_sent,
            "replies": replies,
            "contacts_generated": contacts_generated,
            "named_youths": named_youths,
        }
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
