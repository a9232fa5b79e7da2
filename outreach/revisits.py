"""How often to return to a place: new young people per staff-hour by the days since the previous visit, and by
the visit's rank at the place (does the second visit still bring new young people?).

For every done session (its stored figures), the days since the previous done session at the same place (over all
the history, so that the first session of the period knows its predecessor) fall in a band: first visit, within a
week, 8–14 days, 15–28 days, more than 28 days; its rank at the place in a band too: 1st, 2nd, 3rd to 5th, 6th and
after. One query groups the period's sessions by place × gap band × rank band and sums their staff-hours and new
young people (new anonymous encounters + first ever named contacts); Python rolls them up by gap and by rank. The
recommended return frequency of a place is the gap band (first visits aside) with the most new young people per
staff-hour among those backed by MIN_SESSIONS sessions or more; with less evidence the place says "few data".
"""

from django.db import connection
from django.utils.translation import gettext_lazy as _

from .models import FirstNamedContact, SessionFigures

MIN_SESSIONS = 3
GAP_BANDS = (
    (0, _("first visit")),
    (1, _("within 7 days")),
    (2, _("8 to 14 days")),
    (3, _("15 to 28 days")),
    (4, _("more than 28 days")),
)
RANK_BANDS = ((0, _("1st visit")), (1, _("2nd visit")), (2, _("3rd to 5th")), (3, _("6th and after")))
RECOMMENDATION = {1: _("every week"), 2: _("every two weeks"), 3: _("every three to four weeks"), 4: _("monthly")}


def _q(name):
    return connection.ops.quote_name(name)


def _sql():
    figures, first = _q(SessionFigures._meta.db_table), _q(FirstNamedContact._meta.db_table)
    return f"""
        WITH visits AS (
            SELECT session_id, place_id, date, staff_minutes, new_encounters,
                   date - LAG(date) OVER (PARTITION BY place_id ORDER BY date, session_id) AS gap,
                   ROW_NUMBER() OVER (PARTITION BY place_id ORDER BY date, session_id) AS visit
            FROM {figures}
        ), firsts AS (
            SELECT session_id, COUNT(*) AS new_youths FROM {first} GROUP BY session_id
        )
        SELECT visits.place_id,
               CASE WHEN gap IS NULL THEN 0 WHEN gap <= 7 THEN 1 WHEN gap <= 14 THEN 2 WHEN gap <= 28 THEN 3
                    ELSE 4 END,
               CASE WHEN visit = 1 THEN 0 WHEN visit = 2 THEN 1 WHEN visit <= 5 THEN 2 ELSE 3 END,
               COUNT(*)::integer, COALESCE(SUM(staff_minutes), 0)::integer,
               COALESCE(SUM(new_encounters + COALESCE(firsts.new_youths, 0)), 0)::integer
        FROM visits LEFT JOIN firsts ON firsts.session_id = visits.session_id
        WHERE visits.date BETWEEN %s AND %s
        GROUP BY 1, 2, 3"""


def _cell(key, label, sums):
    sessions, minutes, new = sums or (0, 0, 0)
    hours = minutes / 60
    return {
        "band": key,
        "label": str(label),
        "sessions": sessions,
        "staff_hours": round(hours, 1),
        "new": new,
        "new_per_staff_hour": round(new / hours, 2) if hours else None,
    }


def by_place(start, end, place_names):
    """[{place_id, place, bands: [{band, label, sessions, staff_hours, new, new_per_staff_hour}], recommended}] for
    the places of `place_names` ({id: name}) that had sessions in [start, end], by name."""
    with connection.cursor() as cursor:
        cursor.execute(_sql(), (start, end))
        rows = cursor.fetchall()
    found, ranks = {}, {}
    for place_id, band, rank, sessions, minutes, new in rows:
        for sums, key in ((found, band), (ranks, rank)):
            cell = sums.setdefault(place_id, {}).setdefault(key, [0, 0, 0])
            cell[0] += sessions
            cell[1] += minutes
            cell[2] += new
    places = []
    for place_id, bands in found.items():
        if place_id not in place_names:
            continue
        cells = [_cell(band, label, bands.get(band)) for band, label in GAP_BANDS]
        by_rank = [_cell(rank, label, ranks[place_id].get(rank)) for rank, label in RANK_BANDS]
        backed = [cell for cell in cells[1:] if cell["sessions"] >= MIN_SESSIONS and cell["staff_hours"]]
        best = max(backed, key=lambda cell: (cell["new_per_staff_hour"], -cell["band"]), default=None)
        places.append(
            {
                "place_id": place_id,
                "place": place_names[place_id],
                "bands": cells,
                "ranks": by_rank,
                "recommended": str(RECOMMENDATION[best["band"]]) if best else None,
            }
        )
    return sorted(places, key=lambda row: row["place"])
