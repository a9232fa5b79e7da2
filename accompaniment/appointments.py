"""Appointments and to-dos: what a follow-up plans, the referent's day and agenda, missed appointments counted.

Every list here is read in a fixed number of queries, whatever the number of young people or appointments. A block of
the day shows at most `BLOCK_LIMIT` rows with the total it is taken from, so that a count on a page always
describes the list next to it (and says "N of M" when the list is cut).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Q, Window
from django.utils import timezone

from youths.models import Youth

from .enums import AppointmentStatus, FollowUpMode, ReminderStatus
from .models import Appointment, Reminder, Todo

BLOCK_LIMIT = 5
UNMARKED_DAYS = 30  # planned appointments left unmarked are shown for this long, then dropped from the day
AGENDA_DAYS = 14
MISSED_WINDOW_DAYS = 90  # missed appointments counted per referent over this period
HAPPENING = (AppointmentStatus.PLANNED, AppointmentStatus.ATTENDED, AppointmentStatus.MISSED)


@dataclass
class Block:
    """A short list and the total it is taken from."""

    rows: list
    total: int

    @property
    def more(self):
        return self.total - len(self.rows)

    def __len__(self):
        return self.total

    def __iter__(self):
        return iter(self.rows)

    def __bool__(self):
        return self.total > 0


def block(queryset, limit=BLOCK_LIMIT):
    """The first `limit` rows and their total, in one query (COUNT(*) OVER () runs before the LIMIT)."""
    rows = list(queryset.annotate(block_total=Window(Count("pk")))[:limit]) if limit else list(queryset)
    total = rows[0].block_total if rows and limit else len(rows)
    return Block(rows, total)


def plan_next_steps(follow_up, *, due_on=None, appointment_at=None):
    """The to-do ("prochaine étape") and the appointment a new follow-up sets, for the person who logged it."""
    todo = appointment = None
    if follow_up.next_step.strip():
        todo = Todo.objects.create(
            youth=follow_up.youth,
            owner=follow_up.author,
            title=follow_up.next_step.strip(),
            due_on=due_on,
            confidential=follow_up.confidential,
            follow_up=follow_up,
        )
    if appointment_at:
        appointment = Appointment.objects.create(
            youth=follow_up.youth,
            pathway=follow_up.pathway,
            staff=follow_up.author,
            starts_at=appointment_at,
            mode=follow_up.mode if follow_up.mode in MEETING_MODES else FollowUpMode.OFFICE,
            follow_up=follow_up,
            created_by=follow_up.author,
        )
    return todo, appointment


# Modes that make sense for a planned meeting (an SMS exchange is not one).
MEETING_MODES = (
    FollowUpMode.OFFICE,
    FollowUpMode.TRUCK,
    FollowUpMode.HOME_VISIT,
    FollowUpMode.PHONE,
    FollowUpMode.VIDEO,
)


def _with_youth(queryset):
    return queryset.select_related("youth").order_by("starts_at", "pk")


def my_appointments(user):
    """Appointments the user holds, and those of the young people they refer with someone else."""
    return Appointment.objects.filter(Q(staff=user) | Q(youth__in=Youth.objects.filter(referent=user).values("pk")))


def week_appointments(user, monday, next_monday):
    """This week's appointments that still take place or took place (not cancelled nor postponed)."""
    return list(_with_youth(my_appointments(user).between(monday, next_monday).filter(status__in=HAPPENING)))


def the_day(user, today):
    """The blocks that open "Mon suivi": today's appointments, the past ones still to mark, the to-dos due."""
    tomorrow = today + timedelta(days=1)
    todays = list(_with_youth(my_appointments(user).between(today, tomorrow).exclude(status="postponed")))
    unmarked = block(
        _with_youth(
            Appointment.objects.planned().for_staff(user).between(today - timedelta(days=UNMARKED_DAYS), today)
        )
    )
    todos = block(
        Todo.objects.open()
        .filter(owner=user)
        .filter(Q(due_on__lte=today + timedelta(days=7)) | Q(due_on__isnull=True))
        .select_related("youth")
        .order_by("due_on", "pk")
    )
    failed_reminders = block(
        Reminder.objects.filter(
            status__in=(ReminderStatus.FAILED, ReminderStatus.SKIPPED),
            appointment__in=Appointment.objects.planned().for_staff(user).between(today, today + timedelta(days=8)),
        )
        .select_related("appointment__youth")
        .order_by("appointment__starts_at", "pk")
    )
    return {"todays_appointments": todays, "unmarked": unmarked, "todos": todos, "failed_reminders": failed_reminders}


def agenda(user, first_day, days=AGENDA_DAYS):
    """The user's appointments from `first_day` for `days` days, grouped by day (every day listed, empty or not)."""
    appointments = list(_with_youth(my_appointments(user).between(first_day, first_day + timedelta(days=days))))
    by_day = {first_day + timedelta(days=n): [] for n in range(days)}
    for appointment in appointments:
        by_day[timezone.localtime(appointment.starts_at).date()].append(appointment)
    return {"days": list(by_day.items()), "count": len(appointments)}


def attendance_of(youth):
    """A young person's appointments by status, for their pathway page: {status: count}."""
    counts = dict(
        youth.appointments.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return {status: counts.get(status, 0) for status in AppointmentStatus.values}


def missed_by_staff(today):
    """Missed appointments of the last `MISSED_WINDOW_DAYS` days per staff member who held them: {user id: count}."""
    since = today - timedelta(days=MISSED_WINDOW_DAYS)
    return dict(
        Appointment.objects.filter(status=AppointmentStatus.MISSED)
        .between(since, today + timedelta(days=1))
        .order_by()
        .values_list("staff")
        .annotate(n=Count("pk"))
        .values_list("staff", "n")
    )


def missed_by_youth(youth_ids):
    """Missed appointments (all time) of these young people: {youth id: count}."""
    return dict(
        Appointment.objects.filter(status=AppointmentStatus.MISSED, youth__in=youth_ids)
        .order_by()
        .values_list("youth")
        .annotate(n=Count("pk"))
        .values_list("youth", "n")
    )
