"""Outreach analytics: effort, reach and yield of the sessions, as SQL aggregations.

The database groups the period's done sessions at a fine grain — place × weekday × hour of start × month × mode
(the season follows from the month) — in one query: staff, tallies and named contacts are stacked and summed per
session, joined to the sessions by id and summed by group (hash joins and one sort, no correlated subquery, so that
the cost grows with the rows and no more). Every breakdown (by place, neighbourhood, weekday, hour, month, season,
mode, weekday × hour, place × slot for the schedule) is then a roll-up of those few hundred groups, never a loop over
sessions, tallies or contacts.

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
from operator import itemgetter

from django.db import connection, connections
from django.db.models import Count, F, Sum, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partners.models import Neighbourhood
from youths.models import FunnelFacts

from .enums import Channel, EntourageKind, SessionMode, SessionStatus
from .models import EncounterTally, NamedContact, OnlineOutreach, OutreachSession, Place

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


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def _column(model, field):
    return connection.ops.quote_name(model._meta.get_field(field).column)


def _compiled(queryset):
    """The SQL and parameters of a queryset, to nest it in the grouped query."""
    return queryset.query.sql_with_params()


def _session_facts(sessions):
    """The period's sessions: what the fine grain and the session-level measures read."""
    return sessions.order_by().values(
        "pk", "place_id", "date", "start_time", "mode", "duration_minutes", "activity_attendance"
    )


def _ranked_contacts():
    """Every named contact of a done session, with its rank among the young person's contacts (`nth`, 1: the first
    ever: earliest session date, then start time, then the contact's id)."""
    return (
        NamedContact.objects.filter(session__status=SessionStatus.DONE)
        .annotate(
            session_date=F("session__date"),
            nth=Window(
                RowNumber(), partition_by=F("youth_id"), order_by=("session__date", "session__start_time", "pk")
            ),
        )
        .values("session_id", "youth_id", "session_date", "nth")
        .order_by()
    )


def _pathway_starts():
    """When young people entered a pathway: `with_stage()`'s `pathway_started_on`, read straight from the stored
    funnel facts it joins (without scanning the young people's table)."""
    return FunnelFacts.objects.filter(pathway_started_on__isnull=False).values("youth_id", "pathway_started_on")


def _measures_per_session(sessions):
    """Staff present, tallies and named contacts summed per session of the period (sessions with none are absent).

    One row per staff member, tally and named contact, stacked, kept when their session is one of the period's
    (one hash of the sessions' ids), then summed by session. A contact is the young person's first ever when it ranks
    first among their contacts (one sort of all done contacts, not a lookup per contact); a first contact is followed
    by a pathway when the young person's pathway started on or after its session's date.
    """
    ranked, ranked_params = _compiled(_ranked_contacts())
    starts, starts_params = _compiled(_pathway_starts())
    ids, ids_params = _compiled(sessions.order_by().values("pk"))
    staff, tallies = OutreachSession.staff.through, EncounterTally
    sql = f"""
        SELECT detail.session_id,
               SUM(detail.staff)::integer,
               SUM(detail.encounters)::integer,
               SUM(detail.new_encounters)::integer,
               SUM(detail.entourage_encounters)::integer,
               SUM(detail.named_contacts)::integer,
               SUM(detail.new_youths)::integer,
               SUM(detail.pathway_entries)::integer
        FROM (
            SELECT {_column(staff, "outreachsession")}, 1, 0, 0, 0, 0, 0, 0 FROM {_table(staff)}
            UNION ALL
            SELECT {_column(tallies, "session")}, 0, {_column(tallies, "count")}, {_column(tallies, "new_count")},
                   CASE WHEN {_column(tallies, "channel")} = %s THEN {_column(tallies, "count")} ELSE 0 END, 0, 0, 0
            FROM {_table(tallies)}
            UNION ALL
            SELECT contact.session_id, 0, 0, 0, 0, 1,
                   CASE WHEN contact.nth = 1 THEN 1 ELSE 0 END,
                   CASE WHEN contact.nth = 1 AND youth.pathway_started_on >= contact.session_date THEN 1 ELSE 0 END
            FROM ({ranked}) AS contact (session_id, youth_id, session_date, nth)
            LEFT JOIN ({starts}) AS youth (id, pathway_started_on) ON youth.id = contact.youth_id AND contact.nth = 1
        ) AS detail (session_id, staff, encounters, new_encounters, entourage_encounters, named_contacts, new_youths,
                  pathway_entries)
        WHERE detail.session_id IN ({ids})
        GROUP BY detail.session_id"""
    return sql, (Channel.ENTOURAGE.value, *ranked_params, *starts_params, *ids_params)


def _grouped_sql(sessions):
    """One query: the period's sessions joined to their measures by session id, grouped at the fine grain.

    Hash joins and one sort, no correlated subquery: the cost grows with the rows, and the planner's estimates stay
    small enough for PostgreSQL not to spend longer compiling the query (JIT) than running it.
    """
    facts, facts_params = _compiled(_session_facts(sessions))
    measures, measures_params = _measures_per_session(sessions)
    sql = f"""
        SELECT grouped.*, place.name, place.neighbourhood_id, neighbourhood.name
        FROM (
            SELECT session.place_id,
                   EXTRACT(ISODOW FROM session.date)::integer,
                   EXTRACT(HOUR FROM session.start_time)::integer,
                   DATE_TRUNC('month', session.date::timestamp)::date,
                   session.mode,
                   COUNT(*),
                   COALESCE(SUM(measure.staff * session.duration_minutes), 0),
                   COALESCE(SUM(measure.encounters), 0),
                   COALESCE(SUM(measure.new_encounters), 0),
                   COALESCE(SUM(measure.entourage_encounters), 0),
                   COALESCE(SUM(measure.named_contacts), 0),
                   COALESCE(SUM(measure.new_youths), 0),
                   COALESCE(SUM(measure.pathway_entries), 0),
                   COALESCE(SUM(session.activity_attendance), 0)
            FROM ({facts}) AS session (id, place_id, date, start_time, mode, duration_minutes, activity_attendance)
            LEFT JOIN ({measures}) AS measure (session_id, staff, encounters, new_encounters, entourage_encounters,
                                              named_contacts, new_youths, pathway_entries)
                ON measure.session_id = session.id
            GROUP BY 1, 2, 3, 4, 5
        ) AS grouped
        JOIN {_table(Place)} AS place ON place.id = grouped.place_id
        LEFT JOIN {_table(Neighbourhood)} AS neighbourhood ON neighbourhood.id = place.neighbourhood_id"""
    return sql, (*facts_params, *measures_params)


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

    @cached_property
    def groups(self):
        """{fine key: {"g_…": …, "measures": sums in MEASURE_NAMES order}}: the only place that reads sessions, staff,
        tallies and contacts."""
        sql, params = _grouped_sql(self.sessions)
        with connections[self.sessions.db].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        groups = {}
        for place, weekday, hour, month, mode, *measures, place_label, neighbourhood, neighbourhood_label in rows:
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
            groups[tuple(grain.values())] = {**grain, "measures": tuple(measures)}
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
        """Direct versus entourage encounters, and the entourage by kind: one query, grouped by channel and kind."""
        sums = {}
        per_channel_and_kind = (
            EncounterTally.objects.filter(session__in=self.sessions)
            .values_list("channel", "entourage_kind")
            .annotate(met=Sum("count"))
            .order_by()
        )
        for channel, kind, met in per_channel_and_kind:
            sums[channel] = sums.get(channel, 0) + met
            sums[channel, kind] = met
        return {
            "direct": sums.get(Channel.DIRECT.value, 0),
            "entourage": sums.get(Channel.ENTOURAGE.value, 0),
            "by_kind": [
                {
                    "key": kind.value,
                    "label": str(kind.label),
                    "count": sums.get((Channel.ENTOURAGE.value, kind.value), 0),
                }
                for kind in EntourageKind
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
