"""The recommended schedule for a chosen period: which slots (place × weekday × time band) to staff, from evidence.

The period is a calendar month (default: next month) or a season. The evidence is the done sessions of the last
EVIDENCE_YEARS years in the same season as the period (read once through `analytics.OutreachFigures.groups`, the
stored session figures), rolled up by place × weekday × time band.

Expected yield and its uncertainty (Gamma-Poisson, documented so that anyone can redo it by hand):
- the young people reached in a slot are taken as a Poisson count with a rate λ per staff-hour;
- prior on λ: Gamma(shape a0, rate b0) with b0 = PRIOR_STAFF_HOURS (the prior weighs as much as that many
  staff-hours of evidence) and a0 = b0 × the season's overall reach per staff-hour (all slots together), so that an
  untried slot is expected to do as well as the season's average;
- posterior: Gamma(a0 + reached, b0 + staff-hours); expected yield = its mean (a0 + reached) / (b0 + staff-hours);
- the 80 % credible interval uses the Wilson–Hilferty approximation of the Gamma quantiles,
  q(p) = mean × (1 − 1/(9a) + z_p × √(1/(9a)))³ with z = ±1.2816 (scipy is not installed; the approximation is within
  a few per cent for a ≥ 1, which the prior guarantees as soon as the season yields one young person per six hours).
Days with very different crowds make the real spread wider than a Poisson count: the interval is a lower bound on
the uncertainty, and a slot backed by fewer than MIN_SESSIONS sessions says "few data" whatever its interval.

Ranking: tried slots (MIN_SESSIONS sessions or more) expected to do at least as well as an untried one (the prior's
mean), by expected yield; at least EXPLORATION_SHARE of the plan (and whatever those tried slots leave) goes to slots
rarely or never tried (active places × weekdays and time bands the team works), by the upper bound of their interval
("optimism under uncertainty"): the plan keeps learning where the evidence is thin. Tried slots below the average
fill the plan only when nothing is left to explore. tests/outreach/test_schedule_simulation.py checks on a synthetic
territory that following the plan finds the best slots and beats a fixed rotation.
"""

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, time, timedelta

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import ExtractIsoWeekDay
from django.utils.translation import gettext_lazy as _

from .analytics import MEASURE_NAMES, SEASON_MONTHS, SEASONS, OutreachFigures, season_label, season_of, weekday_label
from .enums import SessionStatus
from .models import MarkedPeriod, MarkedPeriodKind, OutreachSession, Place, SessionFigures

EVIDENCE_YEARS = 3
MIN_SESSIONS = 3
PRIOR_STAFF_HOURS = 6.0
DEFAULT_RATE = 1.0  # reached per staff-hour when nothing at all was logged yet
Z_80 = 1.2816
PLAN_SLOTS = 8
# The map's circles are coloured by the place's best weekday in the season (colour-blind-safe Okabe–Ito palette).
WEEKDAY_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000")
UNTRIED_COLOUR = "#adb5bd"
EXPLORATION_SHARE = 0.25

# Time bands of the start hour: (key, label, first hour, last hour excluded, usual start, usual end).
BANDS = (
    ("morning", _("Morning"), 0, 12, time(10, 0), time(12, 0)),
    ("afternoon", _("Afternoon"), 12, 17, time(14, 0), time(17, 0)),
    ("evening", _("Evening"), 17, 24, time(17, 30), time(20, 0)),
)
BAND_KEYS = tuple(band[0] for band in BANDS)

# School holidays, zone A (académie de Grenoble), first and last day off (inclusive: the day before classes resume).
# Source: the school calendars of the Ministère de l'Éducation nationale (arrêtés in the Journal officiel;
# https://www.education.gouv.fr/calendrier-scolaire-100148 and the open dataset "fr-en-calendrier-scolaire" on
# data.education.gouv.fr, also served as https://fr.ftp.opendatasoft.com/openscol/fr-en-calendrier-scolaire/Zone-A.ics).
# Checked in December 2026 without access to those official pages: 2024-2025 and 2025-2026 agree with local
# authorities' pages quoting the ministry's calendar (e.g. macommune.info, 19 August 2025, for 2025-2026); the
# 2026-2027 dates are NOT VERIFIED (typed from memory; only unofficial listings were found, which agree with them).
# Coordinators correct or add periods on the schedule page ("Mark a period", kind "School holidays"): a period they
# type replaces the dates below that it overlaps (`school_holidays`). Keep this table current each spring.
SCHOOL_HOLIDAYS_SOURCE = "Ministère de l'Éducation nationale, calendrier scolaire, zone A (académie de Grenoble)"
SCHOOL_HOLIDAYS_UNVERIFIED = "2026-2027"  # the school years not checked against the official calendar (see above)
SCHOOL_HOLIDAYS_ZONE_A = (
    (date(2024, 10, 19), date(2024, 11, 3), _("All Saints' holidays")),
    (date(2024, 12, 21), date(2025, 1, 5), _("Christmas holidays")),
    (date(2025, 2, 22), date(2025, 3, 9), _("Winter holidays")),
    (date(2025, 4, 19), date(2025, 5, 4), _("Spring holidays")),
    (date(2025, 7, 5), date(2025, 8, 31), _("Summer holidays")),
    (date(2025, 10, 18), date(2025, 11, 2), _("All Saints' holidays")),
    (date(2025, 12, 20), date(2026, 1, 4), _("Christmas holidays")),
    (date(2026, 2, 7), date(2026, 2, 22), _("Winter holidays")),
    (date(2026, 4, 4), date(2026, 4, 19), _("Spring holidays")),
    (date(2026, 7, 4), date(2026, 8, 31), _("Summer holidays")),
    (date(2026, 10, 17), date(2026, 11, 1), _("All Saints' holidays")),
    (date(2026, 12, 19), date(2027, 1, 3), _("Christmas holidays")),
    (date(2027, 2, 13), date(2027, 2, 28), _("Winter holidays")),
    (date(2027, 4, 10), date(2027, 4, 25), _("Spring holidays")),
    (date(2027, 7, 3), date(2027, 8, 31), _("Summer holidays")),
)


def band_of(hour):
    return next(key for key, _label, first, last, _start, _end in BANDS if first <= hour < last)


def band_label(key):
    return next(str(label) for band, label, *_rest in BANDS if band == key)


def band_times(key):
    return next((start, end) for band, _label, _first, _last, start, end in BANDS if band == key)


# --- The period ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """The dates the schedule is for: a month or a season (its first and last day), and its season."""

    key: str  # "2027-01" or "winter-2026" (a winter is named by the year of its December)
    start: date
    end: date
    label: str
    season: str


def _month_end(first):
    return (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def month_period(first):
    first = first.replace(day=1)
    return Period(f"{first:%Y-%m}", first, _month_end(first), f"{first:%m/%Y}", season_of(first))


def season_period(season, year):
    """A season named by the year of its first month (winter 2026 = December 2026 to February 2027)."""
    months = SEASON_MONTHS[season]
    start = date(year, months[0], 1)
    last_year = year + 1 if months[-1] < months[0] else year
    end = _month_end(date(last_year, months[-1], 1))
    years = f"{year}-{last_year}" if last_year != year else f"{year}"
    return Period(f"{season}-{year}", start, end, f"{season_label(season)} {years}", season)


def next_month(today):
    return (today.replace(day=1) + timedelta(days=32)).replace(day=1)


def period_choices(today):
    """This month (what is left of it), the next twelve months and the next four seasons, the current one included."""
    months = []
    first = today.replace(day=1)
    for _index in range(13):
        months.append(month_period(first))
        first = next_month(first)
    seasons = []
    season = season_of(today)
    year = today.year - 1 if season == "winter" and today.month < 3 else today.year
    for _index in range(4):
        seasons.append(season_period(season, year))
        if season == "winter":
            year += 1  # the spring after winter 2026 (December 2026 – February 2027) is spring 2027
        season = SEASONS[(SEASONS.index(season) + 1) % 4]
    return months + seasons


def parse_period(key, today):
    """The period of a choice key, or next month (the default) for anything else."""
    for period in period_choices(today):
        if period.key == key:
            return period
    return month_period(next_month(today))


# --- Holidays and marked periods ------------------------------------------------------------------------------


def school_holidays(marked):
    """Zone A school holidays as (first, last, label, pk): the built-in table, where the coordinator-typed periods of
    the kind "school holidays" among `marked` (MarkedPeriod rows) replace the built-in periods they overlap."""
    typed = [period for period in marked if period.kind == MarkedPeriodKind.SCHOOL_HOLIDAYS]
    found = [
        (first, last, str(label), None)
        for first, last, label in SCHOOL_HOLIDAYS_ZONE_A
        if not any(period.starts_on <= last and period.ends_on >= first for period in typed)
    ]
    found += [(period.starts_on, period.ends_on, period.label, period.pk) for period in typed]
    return sorted(found)


def special_periods(start, end):
    """School holidays and coordinator-marked periods overlapping [start, end]: dicts with start, end, label, kind
    ("school" or "marked") and, for a period a coordinator typed, its pk (one query)."""
    marked = list(MarkedPeriod.objects.filter(starts_on__lte=end, ends_on__gte=start))
    found = [
        {"start": first, "end": last, "label": label, "kind": "school", "pk": pk}
        for first, last, label, pk in school_holidays(marked)
        if first <= end and last >= start
    ]
    for period in marked:
        if period.kind != MarkedPeriodKind.SCHOOL_HOLIDAYS:
            found.append(
                {
                    "start": period.starts_on,
                    "end": period.ends_on,
                    "label": period.label,
                    "kind": "marked",
                    "pk": period.pk,
                }
            )
    return sorted(found, key=lambda period: (period["start"], period["label"]))


def _in_any(ranges):
    condition = Q(pk__in=[])
    for first, last in ranges:
        condition |= Q(date__gte=first, date__lte=last)
    return condition


def yield_in_and_out(ranges, start, end):
    """Past reach per staff-hour during `ranges` and outside them (one query over the stored figures)."""
    inside = _in_any(ranges)
    reach = F("encounters") + F("named_contacts")
    totals = SessionFigures.objects.filter(date__gte=start, date__lte=end).aggregate(
        in_sessions=Count("pk", filter=inside),
        in_minutes=Sum("staff_minutes", filter=inside, default=0),
        in_reach=Sum(reach, filter=inside, default=0),
        out_sessions=Count("pk", filter=~inside),
        out_minutes=Sum("staff_minutes", filter=~inside, default=0),
        out_reach=Sum(reach, filter=~inside, default=0),
    )

    def side(prefix):
        hours = totals[f"{prefix}_minutes"] / 60
        return {
            "sessions": totals[f"{prefix}_sessions"],
            "staff_hours": round(hours, 1),
            "reach": totals[f"{prefix}_reach"],
            "reach_per_staff_hour": round(totals[f"{prefix}_reach"] / hours, 2) if hours else None,
        }

    return {"inside": side("in"), "outside": side("out")}


# --- The uncertainty ----------------------------------------------------------------------------------------------


def gamma_poisson(reached, staff_hours, prior_rate):
    """Expected reach per staff-hour and its 80 % credible interval (see the module docstring)."""
    a = prior_rate * PRIOR_STAFF_HOURS + reached
    b = PRIOR_STAFF_HOURS + staff_hours
    mean = a / b
    if a <= 0:
        return mean, 0.0, 0.0

    def quantile(z):
        return mean * max(1 - 1 / (9 * a) + z * math.sqrt(1 / (9 * a)), 0) ** 3

    return mean, quantile(-Z_80), quantile(Z_80)


# --- The slots ---------------------------------------------------------------------------------------------------

_INDEX = {name: position for position, name in enumerate(MEASURE_NAMES)}


def _slot_sums(groups):
    """{(place, weekday, band): [sessions, staff_minutes, reach, new]} and the place labels, from the fine groups."""
    sums = defaultdict(lambda: [0, 0, 0, 0])
    for group in groups:
        measures = group["measures"]
        key = (group["g_place"], group["g_weekday"], band_of(group["g_hour"]))
        total = sums[key]
        total[0] += measures[_INDEX["sessions"]]
        total[1] += measures[_INDEX["staff_minutes"]]
        total[2] += measures[_INDEX["encounters"]] + measures[_INDEX["named_contacts"]]
        total[3] += measures[_INDEX["new_encounters"]] + measures[_INDEX["new_youths"]]
    return sums


def slot_dates(period, weekday, today):
    """The dates of `weekday` in the period from tomorrow on."""
    first = max(period.start, today + timedelta(days=1))
    first += timedelta(days=(weekday - first.isoweekday()) % 7)
    days = []
    while first <= period.end:
        days.append(first)
        first += timedelta(weeks=1)
    return days


def choose_slots(sums, candidates, prior_rate, *, slots, exploration_share, order=lambda key: key):
    """The plan's slots, without the database: `sums` {slot: (sessions, staff-minutes, reached, …)} is the evidence,
    `candidates` every slot that could be staffed. Returns (tried slots by expected yield, exploration slots by the
    upper bound of their interval); `order` breaks ties (the place's name, then the weekday, on the page)."""

    def stats(key):
        sessions, minutes, reached = sums.get(key, (0, 0, 0))[:3]
        mean, _low, high = gamma_poisson(reached, minutes / 60, prior_rate)
        return sessions, round(mean, 6), round(high, 6)

    figures = {key: stats(key) for key in candidates}
    tried = sorted(
        (key for key, (sessions, _mean, _high) in figures.items() if sessions >= MIN_SESSIONS),
        key=lambda key: (-figures[key][1], -figures[key][0], order(key)),
    )
    rare = sorted(
        (key for key, (sessions, _mean, _high) in figures.items() if sessions < MIN_SESSIONS),
        key=lambda key: (-figures[key][2], figures[key][0], order(key)),
    )
    # An untried slot is expected to yield the prior's mean: a tried slot below it is worse in expectation and
    # teaches less, so it only fills the plan when there is nothing left to explore.
    above = [key for key in tried if figures[key][1] >= prior_rate]
    explore_count = min(round(slots * exploration_share), len(rare))
    chosen = above[: slots - explore_count]
    exploration = rare[: slots - len(chosen)]
    chosen += [key for key in tried if key not in chosen][: slots - len(chosen) - len(exploration)]
    return chosen, exploration


def recommend(period, today, *, slots=PLAN_SLOTS, exploration_share=EXPLORATION_SHARE):
    """The schedule for `period`: ranked slots, exploration slots, the evidence behind them, special periods."""
    window_start = date(today.year - EVIDENCE_YEARS, today.month, 1)
    figures = OutreachFigures(window_start, today)
    all_groups = list(figures.groups.values())
    in_season = [group for group in all_groups if group["g_season"] == period.season]
    sums = _slot_sums(in_season)
    season_minutes = sum(total[1] for total in sums.values())
    season_reach = sum(total[2] for total in sums.values())
    if season_minutes:
        prior_rate = season_reach / (season_minutes / 60)
    else:
        every = _slot_sums(all_groups).values()
        minutes = sum(total[1] for total in every)
        prior_rate = sum(total[2] for total in every) / (minutes / 60) if minutes else DEFAULT_RATE
    places = {place.pk: place for place in Place.objects.active().only("pk", "name", "latitude", "longitude")}
    labels = {group["g_place"]: group["g_place_label"] for group in all_groups}
    weekdays = sorted({group["g_weekday"] for group in all_groups}) or [1, 2, 3, 4, 5]
    bands = sorted({band_of(group["g_hour"]) for group in all_groups}, key=BAND_KEYS.index) or ["afternoon"]

    def slot(key):
        place_id, weekday, band = key
        sessions, minutes, reached, new = sums.get(key, (0, 0, 0, 0))
        hours = minutes / 60
        mean, low, high = gamma_poisson(reached, hours, prior_rate)
        return {
            "key": f"{place_id}-{weekday}-{band}",
            "place_id": place_id,
            "place": places[place_id].name if place_id in places else labels.get(place_id, "?"),
            "weekday": weekday,
            "weekday_label": weekday_label(weekday),
            "band": band,
            "band_label": band_label(band),
            "sessions": sessions,
            "staff_hours": round(hours, 1),
            "reach": reached,
            "new": new,
            "observed": round(reached / hours, 2) if hours else None,
            "expected": round(mean, 2),
            "low": round(low, 2),
            "high": round(high, 2),
            "few_data": sessions < MIN_SESSIONS,
            "dates": slot_dates(period, weekday, today),
        }

    candidates = {key for key in sums if key[0] in places} | {
        (place_id, weekday, band) for place_id in places for weekday in weekdays for band in bands
    }
    chosen_keys, exploration_keys = choose_slots(
        sums,
        candidates,
        prior_rate,
        slots=slots,
        exploration_share=exploration_share,
        order=lambda key: (places[key[0]].name, key[1], BAND_KEYS.index(key[2])),
    )
    chosen = [slot(key) for key in chosen_keys]
    exploration = [slot(key) for key in exploration_keys]
    for row in chosen:
        row["exploration"] = False
    for row in exploration:
        row["exploration"] = True
    specials = special_periods(period.start, period.end)
    for row in chosen + exploration:
        row["flagged_dates"] = [
            (day, [special["label"] for special in specials if special["start"] <= day <= special["end"]])
            for day in row["dates"]
        ]
    by_place = defaultdict(lambda: [0, 0, 0])
    by_day = defaultdict(lambda: [0, 0])
    for (place_id, weekday, _band), (sessions, minutes, reached, _new) in sums.items():
        by_place[place_id][0] += sessions
        by_place[place_id][1] += minutes
        by_place[place_id][2] += reached
        by_day[(place_id, weekday)][0] += minutes
        by_day[(place_id, weekday)][1] += reached
    best_day = {}
    for (place_id, weekday), (minutes, reached) in sorted(by_day.items()):
        rate = reached / minutes if minutes else 0
        if place_id not in best_day or rate > best_day[place_id][1]:
            best_day[place_id] = (weekday, rate)
    place_rows = []
    for place in places.values():
        sessions, minutes, reached = by_place.get(place.pk, (0, 0, 0))
        weekday = best_day.get(place.pk, (None,))[0]
        place_rows.append(
            {
                "place_id": place.pk,
                "name": place.name,
                "latitude": place.latitude,
                "longitude": place.longitude,
                "sessions": sessions,
                "value": round(reached / (minutes / 60), 2) if minutes else None,
                "best_weekday": weekday,
                "best_weekday_label": weekday_label(weekday) if weekday else "",
                "colour": WEEKDAY_COLOURS[weekday - 1] if weekday else UNTRIED_COLOUR,
            }
        )
    return {
        "period": period,
        "places": place_rows,
        "legend": [(weekday_label(number), WEEKDAY_COLOURS[number - 1]) for number in sorted({d for _p, d in by_day})],
        "prior_rate": round(prior_rate, 2),
        "evidence_start": window_start,
        "evidence_sessions": sum(total[0] for total in sums.values()),
        "slots": chosen,
        "exploration": exploration,
        "exploration_share": exploration_share,
        "specials": specials,
    }


def typical_times(place_id, weekday, band):
    """The most frequent start and end of the done sessions at that place, weekday and band (else the band's)."""
    first, last = next((hours, until) for key, _label, hours, until, _start, _end in BANDS if key == band)
    found = (
        OutreachSession.objects.filter(status=SessionStatus.DONE, place_id=place_id)
        .annotate(weekday=ExtractIsoWeekDay("date"))
        .filter(weekday=weekday, start_time__gte=time(first), start_time__lt=_hour_end(last))
        .values("start_time", "end_time")
        .annotate(count=Count("pk"))
        .order_by("-count", "start_time")
        .first()
    )
    if found:
        return found["start_time"], found["end_time"]
    return band_times(band)


def _hour_end(hour):
    return time.max if hour >= 24 else time(hour)
