"""Pathways, referents, barriers, actions, follow-ups and exits.

Youth.referent is kept in sync here: it is the referent of the young person's latest pathway. It is set when a
pathway starts and when its referent changes. It is kept after the exit, on purpose: the referent still records the
+3 and +6 month checks and stays the person to call if the young person comes back; a new pathway replaces it.
"""

import calendar
import secrets
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.models import User

from .enums import (
    CHECKED_EXIT_GROUPS,
    EXIT_CHECK_MONTHS,
    EXIT_GROUP_OF_OUTCOME,
    OPEN_PATHWAY_STATUSES,
    SENSITIVE_BARRIER_CATEGORIES,
    ActionCategory,
    ActionKind,
    ActionStatus,
    AppointmentStatus,
    Attendance,
    BarrierCategory,
    BarrierStatus,
    ContractType,
    ExitOutcome,
    FollowUpMode,
    PathwayStatus,
    ReminderChannel,
    ReminderStatus,
)


def add_months(day, months):
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class PathwayQuerySet(models.QuerySet):
    def open(self):
        """Active or paused: the pathway a young person is in."""
        return self.filter(status__in=OPEN_PATHWAY_STATUSES)

    def without_referent(self):
        """Open pathways nobody is in charge of: no referent, or one whose account was deactivated.

        The deactivated accounts are read first (a short list): with their ids the (referent, status) index finds
        the pathways, where a join with the whole staff reads every open pathway."""
        deactivated = list(User.objects.filter(is_active=False).values_list("pk", flat=True))
        return self.open().filter(Q(referent__isnull=True) | Q(referent__in=deactivated))

    def latest_first(self):
        """The pathway whose referent the young person's record carries comes first: the open one, else the one
        started last (see the module docstring)."""
        is_open = Case(When(status__in=OPEN_PATHWAY_STATUSES, then=Value(0)), default=Value(1))
        return self.order_by(is_open, "-started_on", "-pk")


class Pathway(models.Model):
    """A young person's accompaniment, with a single referent. At most one is open (active or paused) at a time."""

    youth = models.ForeignKey(
        "youths.Youth", verbose_name=_("young person"), on_delete=models.CASCADE, related_name="pathways"
    )
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("referent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pathways",
    )
    status = models.CharField(_("status"), max_length=10, choices=PathwayStatus, default=PathwayStatus.ACTIVE)
    started_on = models.DateField(_("start date"), default=timezone.localdate)
    planned_review_on = models.DateField(_("planned review date"), null=True, blank=True)
    paused_on = models.DateField(_("paused on"), null=True, blank=True, editable=False)
    ended_on = models.DateField(_("ended on"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = PathwayQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("pathway")
        verbose_name_plural = _("pathways")
        indexes = [models.Index(fields=["referent", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["youth"],
                condition=Q(status__in=["active", "paused"]),
                name="one_open_pathway_per_youth",
                violation_error_message=_("This young person already has a pathway in progress."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="pathway_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.youth} ({self.started_on:%d/%m/%Y})"

    @property
    def is_open(self):
        return self.status in OPEN_PATHWAY_STATUSES

    @property
    def review_overdue(self):
        """An open pathway whose planned review date has passed."""
        return self.is_open and self.planned_review_on is not None and self.planned_review_on < timezone.localdate()

    def _touch(self, *fields):
        self.version += 1
        self.save(update_fields=[*fields, "version", "updated_at"])

    @classmethod
    def start(cls, youth, *, referent, by, started_on=None, planned_review_on=None):
        """Open a pathway, record its first referent in the history, and make them the youth's referent."""
        pathway = cls.objects.create(
            youth=youth,
            referent=referent,
            started_on=started_on or timezone.localdate(),
            planned_review_on=planned_review_on,
            created_by=by,
        )
        ReferentChange.objects.create(
            pathway=pathway, changed_on=pathway.started_on, to_referent=referent, changed_by=by
        )
        pathway._sync_youth_referent()
        return pathway

    def change_referent(self, new_referent, *, reason, by, on=None):
        ReferentChange.objects.create(
            pathway=self,
            changed_on=on or timezone.localdate(),
            reason=reason,
            from_referent=self.referent,
            to_referent=new_referent,
            changed_by=by,
        )
        self.referent = new_referent
        self._touch("referent")
        self._sync_youth_referent()

    def _sync_youth_referent(self):
        youth = self.youth
        if youth.referent_id != self.referent_id:
            youth.referent = self.referent
            youth.save(update_fields=["referent", "updated_at"])  # Youth.save() bumps its version

    def pause(self, on=None):
        self.status = PathwayStatus.PAUSED
        self.paused_on = on or timezone.localdate()
        self._touch("status", "paused_on")

    def resume(self):
        self.status = PathwayStatus.ACTIVE
        self.paused_on = None
        self._touch("status", "paused_on")

    def end(self, on):
        self.status = PathwayStatus.ENDED
        self.ended_on = on
        self.paused_on = None
        self._touch("status", "ended_on", "paused_on")


class ReferentChange(models.Model):
    """One line of a pathway's referent history (the first line is the first referent, with no predecessor)."""

    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="referent_changes")
    changed_on = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    from_referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("previous referent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    to_referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("new referent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_on", "pk"]
        verbose_name = _("change of referent")
        verbose_name_plural = _("changes of referent")

    def __str__(self):
        return f"{self.changed_on}: {self.from_referent} → {self.to_referent}"


class BarrierQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status__in=(BarrierStatus.LIFTED, BarrierStatus.CLOSED))


class Barrier(models.Model):
    """Something in the way (frein). Health and justice barriers hold a category and dates, never a diagnosis."""

    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="barriers")
    category = models.CharField(_("category"), max_length=20, choices=BarrierCategory)
    status = models.CharField(_("status"), max_length=12, choices=BarrierStatus, default=BarrierStatus.IDENTIFIED)
    identified_on = models.DateField(_("identified on"), default=timezone.localdate)
    addressed_on = models.DateField(_("addressed since"), null=True, blank=True)
    lifted_on = models.DateField(_("lifted on"), null=True, blank=True)
    closed_by_exit = models.ForeignKey(
        "Exit",
        verbose_name=_("closed at the exit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="closed_barriers",
        editable=False,
    )
    notes = models.TextField(
        _("notes"),
        blank=True,
        help_text=_(
            "Never a diagnosis or an offence. Notes on health and justice barriers are read by the referent only."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BarrierQuerySet.as_manager()

    class Meta:
        ordering = ["identified_on", "pk"]
        verbose_name = _("barrier")
        verbose_name_plural = _("barriers")
        constraints = [
            models.CheckConstraint(
                condition=Q(lifted_on__isnull=True) | Q(lifted_on__gte=models.F("identified_on")),
                name="barrier_lifted_after_identified",
            ),
            models.CheckConstraint(
                condition=~Q(status="lifted") | Q(lifted_on__isnull=False), name="lifted_barrier_has_a_date"
            ),
        ]

    def __str__(self):
        return self.get_category_display()

    def save(self, *args, **kwargs):
        """Moving along identified → being addressed → lifted dates each step that has no date yet."""
        today = timezone.localdate()
        if self.status in (BarrierStatus.ADDRESSED, BarrierStatus.LIFTED) and not self.addressed_on:
            self.addressed_on = self.lifted_on or today
        if self.status == BarrierStatus.LIFTED and not self.lifted_on:
            self.lifted_on = today
        if self.status != BarrierStatus.LIFTED:
            self.lifted_on = None
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        today = timezone.localdate()
        if self.identified_on and self.identified_on > today:
            errors["identified_on"] = _("This date is in the future.")
        if self.addressed_on and self.identified_on and self.addressed_on < self.identified_on:
            errors["addressed_on"] = _("This date is before the barrier was identified.")
        if self.lifted_on and self.identified_on and self.lifted_on < self.identified_on:
            errors["lifted_on"] = _("This date is before the barrier was identified.")
        if self.lifted_on and self.lifted_on > today:
            errors["lifted_on"] = _("This date is in the future.")
        if self.status == BarrierStatus.LIFTED and not self.lifted_on:
            errors["lifted_on"] = _("Give the date the barrier was lifted.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_sensitive(self):
        return self.category in SENSITIVE_BARRIER_CATEGORIES


class Action(models.Model):
    """Something done for or with young people: individual (in one pathway) or collective (with participants)."""

    kind = models.CharField(_("kind"), max_length=12, choices=ActionKind, default=ActionKind.INDIVIDUAL)
    pathway = models.ForeignKey(
        Pathway, verbose_name=_("pathway"), on_delete=models.CASCADE, null=True, blank=True, related_name="actions"
    )
    category = models.CharField(_("category"), max_length=20, choices=ActionCategory)
    title = models.CharField(_("title"), max_length=200)
    provider_organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("partner providing it"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
    )
    provider_name = models.CharField(
        _("or outside body"), max_length=200, blank=True, help_text=_("When no partner of the consortium provides it.")
    )
    status = models.CharField(_("status"), max_length=10, choices=ActionStatus, default=ActionStatus.PLANNED)
    starts_on = models.DateField(_("date"), default=timezone.localdate)
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    barriers = models.ManyToManyField(
        Barrier, verbose_name=_("barriers addressed"), blank=True, related_name="actions"
    )
    closed_by_exit = models.ForeignKey(
        "Exit",
        verbose_name=_("closed at the exit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="closed_actions",
        editable=False,
    )
    participants = models.ManyToManyField("youths.Youth", through="Participation", related_name="collective_actions")
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        indexes = [models.Index(fields=["kind", "starts_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(provider_organisation__isnull=False) | ~Q(provider_name=""), name="action_has_a_provider"
            ),
            models.CheckConstraint(
                condition=Q(kind="collective") | Q(pathway__isnull=False), name="individual_action_in_a_pathway"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="action_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def provider(self):
        return self.provider_organisation or self.provider_name

    @property
    def is_collective(self):
        return self.kind == ActionKind.COLLECTIVE

    def clean(self):
        errors = {}
        if not self.provider_organisation_id and not self.provider_name.strip():
            errors["provider_organisation"] = _("Choose the partner providing this action, or name the outside body.")
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The end date is before the start date.")
        if errors:
            raise ValidationError(errors)


class Participation(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="participations")
    youth = models.ForeignKey("youths.Youth", on_delete=models.CASCADE, related_name="participations")
    attendance = models.CharField(_("attendance"), max_length=12, choices=Attendance, default=Attendance.REGISTERED)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [models.UniqueConstraint(fields=["action", "youth"], name="one_participation_per_youth")]

    def __str__(self):
        return f"{self.youth} – {self.action}"


class FollowUp(models.Model):
    """A meeting or exchange with the young person (suivi / entretien). May precede the pathway."""

    youth = models.ForeignKey(
        "youths.Youth", verbose_name=_("young person"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    pathway = models.ForeignKey(
        Pathway, verbose_name=_("pathway"), on_delete=models.SET_NULL, null=True, blank=True, related_name="follow_ups"
    )
    happened_on = models.DateField(_("date"), default=timezone.localdate)
    mode = models.CharField(_("mode"), max_length=20, choices=FollowUpMode, default=FollowUpMode.OFFICE)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="follow_ups"
    )
    summary = models.TextField(_("summary"), blank=True)
    next_step = models.CharField(_("next step"), max_length=300, blank=True)
    confidential = models.BooleanField(
        _("confidential"), default=False, help_text=_("The summary and next step are read by the referent only.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-happened_on", "-pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        indexes = [
            models.Index(fields=["youth", "-happened_on"]),
            models.Index(fields=["happened_on"]),  # the latest follow-up, follow-ups of a period
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__isnull=True) | Q(duration_minutes__lte=1440),
                name="follow_up_duration_within_a_day",
            )
        ]

    def __str__(self):
        return f"{self.get_mode_display()} {self.happened_on:%d/%m/%Y}"

    def clean(self):
        if self.happened_on and self.happened_on > timezone.localdate():
            raise ValidationError({"happened_on": _("A follow-up cannot be dated in the future.")})


def exit_group_expression(field="outcome"):
    """SQL expression giving the funder's group of an exit outcome (for aggregations)."""
    return Case(
        *[When(**{field: outcome}, then=Value(group.value)) for outcome, group in EXIT_GROUP_OF_OUTCOME.items()],
        output_field=models.CharField(),
    )


class Exit(models.Model):
    """The end of a pathway, with its outcome. Job and training exits are checked at +3 and +6 months."""

    pathway = models.OneToOneField(Pathway, on_delete=models.CASCADE, related_name="exit")
    exited_on = models.DateField(_("exit date"), default=timezone.localdate)
    outcome = models.CharField(_("exit outcome"), max_length=20, choices=ExitOutcome)
    employer = models.CharField(_("employer or organisation"), max_length=200, blank=True)
    contract_type = models.CharField(_("contract type"), max_length=20, choices=ContractType, blank=True)
    job_starts_on = models.DateField(_("start of the job or training"), null=True, blank=True)
    weekly_hours = models.PositiveSmallIntegerField(_("weekly hours"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-exited_on", "-pk"]
        verbose_name = _("exit")
        verbose_name_plural = _("exits")
        indexes = [models.Index(fields=["exited_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(weekly_hours__isnull=True) | Q(weekly_hours__gte=1, weekly_hours__lte=60),
                name="exit_weekly_hours_in_range",
            )
        ]

    def __str__(self):
        return self.get_outcome_display()

    @property
    def group(self):
        return EXIT_GROUP_OF_OUTCOME[ExitOutcome(self.outcome)]

    def get_group_display(self):
        return self.group.label

    @property
    def is_checked(self):
        return self.group in CHECKED_EXIT_GROUPS

    def clean(self):
        if not self.exited_on:
            return
        if self.pathway_id and self.exited_on < self.pathway.started_on:
            raise ValidationError({"exited_on": _("The exit cannot be dated before the start of the pathway.")})
        if self.exited_on > timezone.localdate():
            raise ValidationError({"exited_on": _("The exit cannot be dated in the future.")})

    @classmethod
    def record(cls, pathway, *, outcome, exited_on, by, notes="", **details):
        """End the pathway with this exit and schedule the +3 and +6 month checks of a job or training exit.
        `details`: employer, contract_type, job_starts_on, weekly_hours."""
        exit = cls.objects.create(
            pathway=pathway, outcome=outcome, exited_on=exited_on, notes=notes, recorded_by=by, **details
        )
        pathway.end(exited_on)
        if exit.is_checked:
            ExitCheck.objects.bulk_create(
                ExitCheck(exit=exit, months=months, due_on=add_months(exited_on, months))
                for months in EXIT_CHECK_MONTHS
            )
        return exit


class ExitCheck(models.Model):
    """Did the job or training hold, N months after the exit? The referent records it."""

    exit = models.ForeignKey(Exit, on_delete=models.CASCADE, related_name="checks")
    months = models.PositiveSmallIntegerField(_("months after the exit"))
    due_on = models.DateField(_("due on"))
    held = models.BooleanField(_("it held"), null=True, blank=True)
    checked_on = models.DateField(_("checked on"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("exit check")
        verbose_name_plural = _("exit checks")
        constraints = [models.UniqueConstraint(fields=["exit", "months"], name="one_check_per_exit_and_delay")]

    def __str__(self):
        return f"+{self.months}"


class AppointmentQuerySet(models.QuerySet):
    def planned(self):
        return self.filter(status=AppointmentStatus.PLANNED)

    def between(self, first_day, day_after_last):
        """Starting on `first_day` up to `day_after_last` (excluded), days of the programme's time zone, as a range
        of instants so that the (staff, starts_at) index serves it."""
        return self.filter(starts_at__gte=start_of_day(first_day), starts_at__lt=start_of_day(day_after_last))

    def for_staff(self, user):
        return self.filter(staff=user)


def start_of_day(day):
    """Midnight of `day` in the app's time zone, as an aware datetime."""
    return timezone.make_aware(datetime.combine(day, time.min))


class Appointment(models.Model):
    """A meeting planned with a young person (rendez-vous): when, where or how, with whom; then what became of it.

    Created from a follow-up ("next appointment") or on its own. Its status is recorded in one tap: attended or missed
    once its day has come, cancelled or postponed at any time; every change keeps who made it and when."""

    youth = models.ForeignKey(
        "youths.Youth", verbose_name=_("young person"), on_delete=models.CASCADE, related_name="appointments"
    )
    pathway = models.ForeignKey(
        Pathway, verbose_name=_("pathway"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("with"), on_delete=models.PROTECT, related_name="appointments"
    )
    starts_at = models.DateTimeField(_("date and time"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=45)
    mode = models.CharField(_("mode"), max_length=20, choices=FollowUpMode, default=FollowUpMode.OFFICE)
    place = models.CharField(
        _("place or details"),
        max_length=200,
        blank=True,
        help_text=_("An address, a room, the number to call or the link of the video call. Nothing about the person."),
    )
    status = models.CharField(_("status"), max_length=10, choices=AppointmentStatus, default=AppointmentStatus.PLANNED)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True, editable=False)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    status_reason = models.CharField(_("reason"), max_length=20, blank=True, editable=False)
    follow_up = models.ForeignKey(
        FollowUp,
        verbose_name=_("set at the follow-up"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appointments",
        editable=False,
    )
    postponed_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        indexes = [
            models.Index(fields=["staff", "starts_at"]),
            models.Index(fields=["youth", "starts_at"]),
            models.Index(fields=["status", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5) & Q(duration_minutes__lte=600),
                name="appointment_duration_within_a_day",
            )
        ]

    def __str__(self):
        return f"{timezone.localtime(self.starts_at):%d/%m/%Y %H:%M}"

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_planned(self):
        return self.status == AppointmentStatus.PLANNED

    @property
    def has_come(self):
        """Its day has come: it may be marked attended or missed."""
        return timezone.localtime(self.starts_at).date() <= timezone.localdate()

    def clean(self):
        if self.is_planned and self.starts_at and self.starts_at < timezone.now() and self._state.adding:
            raise ValidationError({"starts_at": _("This time has passed: an upcoming appointment is in the future.")})

    def can_be_marked(self, status):
        if status in (AppointmentStatus.ATTENDED, AppointmentStatus.MISSED):
            return self.has_come
        return status in (AppointmentStatus.CANCELLED, AppointmentStatus.POSTPONED)

    def mark(self, status, *, by, reason=""):
        """Record what became of the appointment. A mistaken tap is corrected by another one."""
        if not self.can_be_marked(status):
            raise ValidationError(_("An appointment is marked attended or missed once its day has come."))
        self.status = status
        self.status_changed_at = timezone.now()
        self.status_changed_by = by
        self.status_reason = reason
        self.save(update_fields=["status", "status_changed_at", "status_changed_by", "status_reason", "updated_at"])


class TodoQuerySet(models.QuerySet):
    def open(self):
        return self.filter(done_on__isnull=True)


class Todo(models.Model):
    """Something to do for a young person (à faire), often the next step of a follow-up; ticked when done."""

    youth = models.ForeignKey(
        "youths.Youth", verbose_name=_("young person"), on_delete=models.CASCADE, related_name="todos"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who does it"), on_delete=models.PROTECT, related_name="todos"
    )
    title = models.CharField(_("to do"), max_length=300)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    confidential = models.BooleanField(_("confidential"), default=False, help_text=_("Read by the referent only."))
    follow_up = models.ForeignKey(
        FollowUp, on_delete=models.SET_NULL, null=True, blank=True, related_name="todos", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TodoQuerySet.as_manager()

    class Meta:
        ordering = [models.F("due_on").asc(nulls_last=True), "pk"]
        verbose_name = _("to-do")
        verbose_name_plural = _("to-dos")
        indexes = [models.Index(fields=["owner", "done_on", "due_on"])]

    def __str__(self):
        return self.title

    def tick(self, on=None):
        self.done_on = on or timezone.localdate()
        self.save(update_fields=["done_on"])

    def untick(self):
        self.done_on = None
        self.save(update_fields=["done_on"])


def new_feed_token():
    return secrets.token_urlsafe(32)


class AppointmentFeed(models.Model):
    """The secret address of a staff member's iCalendar feed of their appointments."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="appointment_feed")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("appointment feed")
        verbose_name_plural = _("appointment feeds")

    def __str__(self):
        return str(self.user)

    @classmethod
    def for_user(cls, user):
        feed, _created = cls.objects.get_or_create(user=user)
        return feed

    def regenerate(self):
        self.token = new_feed_token()
        self.save(update_fields=["token", "created_at"])


class ReminderConsent(models.Model):
    """The young person's agreement to be reminded of their appointments the day before, and how; withdrawn at
    any time (opt-out), which is kept with its date."""

    youth = models.OneToOneField("youths.Youth", on_delete=models.CASCADE, related_name="reminder_consent")
    channel = models.CharField(_("reminded by"), max_length=10, choices=ReminderChannel)
    given_on = models.DateField(_("agreed on"), default=timezone.localdate)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("consent to reminders")
        verbose_name_plural = _("consents to reminders")

    def __str__(self):
        return self.get_channel_display()

    @property
    def active(self):
        return self.withdrawn_on is None


class Reminder(models.Model):
    """One reminder of one appointment through one channel: at most one, whatever the number of runs."""

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="reminders")
    channel = models.CharField(_("channel"), max_length=10, choices=ReminderChannel)
    status = models.CharField(_("status"), max_length=10, choices=ReminderStatus, default=ReminderStatus.PENDING)
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    provider_id = models.CharField(max_length=100, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["appointment", "channel"], name="one_reminder_per_appointment_and_channel")
        ]

    def __str__(self):
        return f"{self.get_channel_display()} · {self.get_status_display()}"
