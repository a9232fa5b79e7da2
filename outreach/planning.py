"""The planning: repetition of sessions ("every Wednesday 14:00–17:00 until June") and calendar grids."""

import calendar
from datetime import date, timedelta

from django.db import transaction

from reflex.date_range import in_range

from .enums import SessionStatus
from .models import OutreachSession, SessionSeries

MAX_OCCURRENCES = 60


def weekly_dates(first, until, interval_weeks=1):
    """The dates of a weekly repetition from `first` (included) to `until` (included)."""
    step = timedelta(weeks=max(interval_weeks, 1))
    count = 0 if until < first else (until - first) // step + 1
    return [first + step * index for index in range(count)]


@transaction.atomic
def create_sessions(form_data, *, staff, organisations, dates, user, interval_weeks=1):
    """Create one planned session per date (a series when there are several); returns the sessions."""
    series = None
    if len(dates) > 1:
        series = SessionSeries.objects.create(
            interval_weeks=interval_weeks, starts_on=dates[0], until=dates[-1], created_by=user
        )
    sessions = [
        OutreachSession(**form_data, date=day, series=series, created_by=user, status=SessionStatus.PLANNED)
        for day in dates
    ]
    for session in sessions:
        session.save()
    StaffLink = OutreachSession.staff.through
    OrgLink = OutreachSession.organisations.through
    StaffLink.objects.bulk_create(
        [StaffLink(outreachsession=session, user=member) for session in sessions for member in staff]
    )
    OrgLink.objects.bulk_create(
        [OrgLink(outreachsession=session, organisation=org) for session in sessions for org in organisations]
    )
    return sessions


def following_in_series(session):
    """The planned sessions of the same series from this one on (this one included)."""
    if session.series_id is None:
        return OutreachSession.objects.filter(pk=session.pk)
    return OutreachSession.objects.filter(
        series_id=session.series_id, date__gte=session.date, status=SessionStatus.PLANNED
    ) | OutreachSession.objects.filter(pk=session.pk)


@transaction.atomic
def apply_to_following(session, changes, *, staff, organisations):
    """Apply the edited fields (not the date) to this session and the following planned ones of its series."""
    targets = list(following_in_series(session).distinct())
    for target in targets:
        for name, value in changes.items():
            setattr(target, name, value)
        target.save()
        target.staff.set(staff)
        target.organisations.set(organisations)
    return targets


def week_start(day):
    return day - timedelta(days=day.weekday())


def week_days(day):
    start = week_start(day)
    return [start + timedelta(days=offset) for offset in range(7)]


def month_weeks(year, month):
    """The weeks (lists of 7 dates, Monday first) that cover a month."""
    return calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)


def parse_week(value, default):
    """The Monday of the week `value` (YYYY-MM-DD) falls in; the default's for a missing, malformed or out-of-range
    date (reflex.date_range: the page can step a week either way)."""
    try:
        day = date.fromisoformat(value)
    except (TypeError, ValueError):
        return week_start(default)
    return week_start(day if in_range(day) else default)


def parse_month(value, default):
    """The first day of the month `value` (YYYY-MM); the default's for a missing, malformed or out-of-range one."""
    try:
        year, month = (int(part) for part in value.split("-"))
        first = date(year, month, 1)
    except (AttributeError, TypeError, ValueError):
        return default.replace(day=1)
    return first if in_range(first) else default.replace(day=1)


def out_of_range(value):
    """True when an address carries a well-formed date (or YYYY-MM month) outside reflex.date_range."""
    try:
        day = date.fromisoformat(value) if len(value) > 7 else date.fromisoformat(f"{value}-01")
    except (TypeError, ValueError):
        return False
    return not in_range(day)
