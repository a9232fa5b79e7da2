"""Outreach: places, sessions (planned, then logged), what happened there, and online outreach."""

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.db import models
from django.db.models import OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.models import User

from .enums import (
    AgeBand,
    Channel,
    ContactKind,
    ContactOutcome,
    EntourageKind,
    OnlineKind,
    PlaceKind,
    Platform,
    RegistrationStatus,
    SessionMode,
    SessionStatus,
    SubmissionOutcome,
    TallySex,
    Weather,
)

# The first key of the advisory locks that serialise truck bookings (`OutreachSessionQuerySet.lock_truck`).
TRUCK_LOCK = 14_001
# More anonymous encounters than this in one session is a typing mistake, not a busy day.
MAX_ENCOUNTERS_PER_SESSION = 300


def minutes_between(start, end):
    """Minutes from one time of day to a later one (0 when either is missing or the order is wrong)."""
    if start is None or end is None:
        return 0
    delta = datetime.combine(datetime.min, end) - datetime.combine(datetime.min, start)
    return max(int(delta.total_seconds() // 60), 0)


class PlaceQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Place(models.Model):
    """Where the team goes: a square, a mall, a sports ground, a school exit, a station…"""

    name = models.CharField(_("name"), max_length=150)
    neighbourhood = models.ForeignKey(
        "partners.Neighbourhood",
        verbose_name=_("neighbourhood"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outreach_places",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PlaceKind, default=PlaceKind.SQUARE)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    objects = PlaceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("place")
        verbose_name_plural = _("places")
        constraints = [
            models.UniqueConstraint(fields=["name", "neighbourhood"], name="unique_place_per_neighbourhood"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="place_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="place_longitude_range",
            ),
        ]

    def __str__(self):
        return self.name


class SessionSeries(models.Model):
    """A repetition rule ("every Wednesday 14:00–17:00 until June") that created a series of sessions."""

    interval_weeks = models.PositiveSmallIntegerField(_("every … weeks"), default=1)
    starts_on = models.DateField(_("from"))
    until = models.DateField(_("until"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("series of sessions")
        verbose_name_plural = _("series of sessions")

    def __str__(self):
        return f"{self.starts_on:%d/%m/%Y} → {self.until:%d/%m/%Y}"


class OutreachSessionQuerySet(models.QuerySet):
    def done(self):
        return self.filter(status=SessionStatus.DONE)

    def planned(self):
        return self.filter(status=SessionStatus.PLANNED)

    def between(self, start, end):
        return self.filter(date__gte=start, date__lte=end)

    def with_list_related_data(self):
        """What the calendars show of each session: its place, and its staff's first names as `staff_first_names`
        (a department's week holds about a hundred sessions: loading their staff as accounts cost more than the
        rest of the page)."""
        first_names = User.objects.filter(outreach_sessions=OuterRef("pk")).order_by("last_name", "first_name", "pk")
        return self.select_related("place").annotate(staff_first_names=ArraySubquery(first_names.values("first_name")))

    def for_staff(self, user):
        return self.filter(staff=user)

    def truck_clashes(self, dates, start_time, end_time):
        """Non-cancelled truck sessions on one of `dates` whose times overlap [start_time, end_time): the truck is
        one."""
        return self.exclude(status=SessionStatus.CANCELLED).filter(
            mode=SessionMode.TRUCK, date__in=dates, start_time__lt=end_time, end_time__gt=start_time
        )

    def lock_truck(self, dates):
        """Until the end of the transaction, nobody else checks or books the truck on these dates (PostgreSQL
        advisory locks, one per day, taken in order): the clash check then sees what another booking just saved."""
        from django.db import connection

        with connection.cursor() as cursor:
            for day in sorted(set(dates)):
                cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [TRUCK_LOCK, day.toordinal()])

    def for_field_screen(self, user, now):
        """The sessions `user` may open on the field screen around `now`: today's non-cancelled sessions they are
        on (or created), from an hour before the start until the end of the day, nearest start first."""
        today = timezone.localdate(now)
        soon = (now + timedelta(hours=1)).time() if (now + timedelta(hours=1)).date() == today else datetime.max.time()
        return (
            self.exclude(status=SessionStatus.CANCELLED)
            .filter(Q(staff=user) | Q(created_by=user), date=today, start_time__lte=soon)
            .distinct()
            .select_related("place")
            .order_by("-start_time", "pk")
        )

    def overlapping(self, date, start_time, end_time, staff):
        """Non-cancelled sessions on `date` sharing a staff member whose times overlap [start_time, end_time)."""
        return (
            self.exclude(status=SessionStatus.CANCELLED)
            .filter(date=date, start_time__lt=end_time, end_time__gt=start_time, staff__in=staff)
            .distinct()
        )


class OutreachSession(models.Model):
    """A time of presence at a place: planned ahead, then logged. The unit of effort (staff-hours)."""

    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start"))
    end_time = models.TimeField(_("end"))
    duration_minutes = models.PositiveIntegerField(editable=False, default=0)
    place = models.ForeignKey(Place, verbose_name=_("place"), on_delete=models.PROTECT, related_name="sessions")
    mode = models.CharField(_("mode"), max_length=20, choices=SessionMode, default=SessionMode.TRUCK)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("staff"), related_name="outreach_sessions", blank=True
    )
    organisations = models.ManyToManyField(
        "partners.Organisation", verbose_name=_("organisations involved"), related_name="outreach_sessions", blank=True
    )
    activity = models.CharField(
        _("collective activity offered"),
        max_length=200,
        blank=True,
        help_text=_("E.g. a football tournament, a CV workshop, a health prevention stand."),
    )
    activity_attendance = models.PositiveIntegerField(_("activity attendance"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=SessionStatus, default=SessionStatus.PLANNED)
    weather = models.CharField(_("weather"), max_length=10, choices=Weather, blank=True)
    notes = models.TextField(
        _("notes"), blank=True, help_text=_("About the session, never about a named young person.")
    )
    series = models.ForeignKey(
        SessionSeries, on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions", editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    logged_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OutreachSessionQuerySet.as_manager()

    class Meta:
        ordering = ["date", "start_time"]
        verbose_name = _("outreach session")
        verbose_name_plural = _("outreach sessions")
        indexes = [models.Index(fields=["date", "status"]), models.Index(fields=["place", "date"])]
        constraints = [
            models.CheckConstraint(condition=Q(end_time__gt=models.F("start_time")), name="session_ends_after_start")
        ]

    def __str__(self):
        return f"{self.place} · {self.date:%d/%m/%Y} {self.start_time:%H:%M}–{self.end_time:%H:%M}"

    def save(self, *args, **kwargs):
        self.duration_minutes = minutes_between(self.start_time, self.end_time)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "duration_minutes"}
        super().save(*args, **kwargs)

    @property
    def is_done(self):
        return self.status == SessionStatus.DONE

    @property
    def is_cancelled(self):
        return self.status == SessionStatus.CANCELLED

    def starts_at(self):
        return timezone.make_aware(datetime.combine(self.date, self.start_time))

    def ends_at(self):
        return timezone.make_aware(datetime.combine(self.date, self.end_time))

    def mark_done(self, user):
        self.status = SessionStatus.DONE
        self.logged_by = user
        self.logged_at = timezone.now()

    def encounters_counted(self):
        """Anonymous encounters already counted in this session."""
        return self.tallies.aggregate(total=models.Sum("count"))["total"] or 0

    def start_logging(self, user):
        """Adding what happened to a session marks it done, once it has begun (its day has come): False before."""
        if self.date > timezone.localdate():
            return False
        if self.status == SessionStatus.PLANNED:
            self.mark_done(user)
            self.save(update_fields=["status", "logged_by", "logged_at"])
        return True


class RelayQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Relay(models.Model):
    """A go-between who brings young people to the team (an older brother, a shopkeeper, a coach): a label and a kind,
    not a person's identity (outreach.relays refuses phone numbers and e-mail addresses in the label)."""

    label = models.CharField(
        _("label"),
        max_length=60,
        help_text=_("E.g. « the baker on Place Carnot », « the U17 coach ». No phone number, no e-mail address."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EntourageKind)
    place = models.ForeignKey(
        Place,
        verbose_name=_("usually met at"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="relays",
    )
    is_active = models.BooleanField(_("in use"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RelayQuerySet.as_manager()

    class Meta:
        ordering = ["label"]
        verbose_name = _("relay")
        verbose_name_plural = _("relays")

    def __str__(self):
        return f"{self.label} ({self.get_kind_display()})"


class EncounterTally(models.Model):
    """Anonymous encounters counted during a session: how many, how many new, how they were reached."""

    session = models.ForeignKey(OutreachSession, on_delete=models.CASCADE, related_name="tallies")
    count = models.PositiveIntegerField(_("young people met"))
    new_count = models.PositiveIntegerField(_("of whom new"), default=0)
    channel = models.CharField(_("met"), max_length=10, choices=Channel, default=Channel.DIRECT)
    entourage_kind = models.CharField(_("through"), max_length=20, choices=EntourageKind, blank=True)
    relay = models.ForeignKey(
        Relay, verbose_name=_("relay"), on_delete=models.SET_NULL, null=True, blank=True, related_name="tallies"
    )
    age_band = models.CharField(_("approximate age"), max_length=10, choices=AgeBand, default=AgeBand.UNKNOWN)
    sex = models.CharField(_("sex"), max_length=1, choices=TallySex, default=TallySex.MIXED)
    # Set by the field screen's queue (static/outreach/capture.js): a replayed entry is counted once.
    client_id = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("tally of encounters")
        verbose_name_plural = _("tallies of encounters")
        constraints = [
            models.CheckConstraint(condition=Q(count__gte=1), name="tally_counts_someone"),
            models.CheckConstraint(condition=Q(new_count__lte=models.F("count")), name="tally_new_within_count"),
            models.CheckConstraint(
                condition=Q(channel=Channel.DIRECT, entourage_kind="") | Q(channel=Channel.ENTOURAGE),
                name="tally_entourage_kind_only_through_entourage",
            ),
        ]

    def __str__(self):
        return f"{self.count} ({self.new_count})"


class NamedContactQuerySet(models.QuerySet):
    def first_ever(self):
        """Each young person's earliest named contact (the session it is credited to)."""
        earlier = NamedContact.objects.filter(youth=models.OuterRef("youth")).filter(
            Q(session__date__lt=models.OuterRef("session__date"))
            | Q(session__date=models.OuterRef("session__date"), pk__lt=models.OuterRef("pk"))
        )
        return self.filter(~models.Exists(earlier))


class NamedContact(models.Model):
    """A contact with a known young person during a session."""

    session = models.ForeignKey(OutreachSession, on_delete=models.CASCADE, related_name="named_contacts")
    youth = models.ForeignKey(
        "youths.Youth", verbose_name=_("young person"), on_delete=models.PROTECT, related_name="outreach_contacts"
    )
    kind = models.CharField(_("contact"), max_length=10, choices=ContactKind, default=ContactKind.FIRST)
    channel = models.CharField(_("met"), max_length=10, choices=Channel, default=Channel.DIRECT)
    entourage_kind = models.CharField(_("through"), max_length=20, choices=EntourageKind, blank=True)
    relay = models.ForeignKey(
        Relay, verbose_name=_("relay"), on_delete=models.SET_NULL, null=True, blank=True, related_name="named_contacts"
    )
    outcome = models.CharField(
        _("contact outcome"), max_length=20, choices=ContactOutcome, default=ContactOutcome.INFORMATION
    )
    # Set by the field screen's queue (static/outreach/capture.js): a replayed entry is counted once.
    client_id = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NamedContactQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("named contact")
        verbose_name_plural = _("named contacts")
        constraints = [
            models.UniqueConstraint(fields=["session", "youth"], name="one_named_contact_per_session"),
            models.CheckConstraint(
                condition=Q(channel=Channel.DIRECT, entourage_kind="") | Q(channel=Channel.ENTOURAGE),
                name="contact_entourage_kind_only_through_entourage",
            ),
        ]
        indexes = [models.Index(fields=["youth", "session"])]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.session}"


class SelfRegistration(models.Model):
    """A young person who scanned the poster of a session (or of its place, that day) and left a nickname and a way
    to reach them: a pending named contact, until a staff member confirms it (a record and a named contact are
    made) or discards it (what was typed is erased). See outreach/self_registration.py."""

    session = models.ForeignKey(OutreachSession, on_delete=models.CASCADE, related_name="self_registrations")
    nickname = models.CharField(_("nickname or first name"), max_length=100)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    social_handle = models.CharField(_("social network handle"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RegistrationStatus, default=RegistrationStatus.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    contact = models.OneToOneField(
        NamedContact, on_delete=models.SET_NULL, null=True, blank=True, related_name="self_registration"
    )
    # Made with the form the young person opened: a double tap or a resent form finds its registration again (the
    # public form has no account, so no one-time token of reflex/submissions).
    submission_id = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("self-registration")
        verbose_name_plural = _("self-registrations")

    def __str__(self):
        return f"#{self.pk} · {self.get_status_display()}"


class SelfRegistrationAttempt(models.Model):
    """The journal of the public self-registration form: every submission, accepted or refused, with a keyed hash
    of the sender's address (never the address itself); the rate limits count these rows."""

    at = models.DateTimeField(auto_now_add=True)
    session = models.ForeignKey(OutreachSession, on_delete=models.SET_NULL, null=True, related_name="+")
    address_key = models.CharField(max_length=64)
    outcome = models.CharField(max_length=20, choices=SubmissionOutcome)
    registration = models.ForeignKey(SelfRegistration, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-at"]
        verbose_name = _("self-registration attempt")
        verbose_name_plural = _("self-registration journal")
        indexes = [models.Index(fields=["address_key", "at"]), models.Index(fields=["session", "at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.outcome}"


class SessionFigures(models.Model):
    """A done session as the analytics read it, stored (see `outreach.session_figures`): the fields they group and
    filter by, and what the session adds up to, so that they read one row per session instead of every session,
    staff link, tally and named contact."""

    # DO_NOTHING: deleting a session deletes its tallies and contacts first, which refreshes this row; the row goes
    # last, removed once the session is gone (the foreign key is checked at commit).
    session = models.OneToOneField(
        OutreachSession, on_delete=models.DO_NOTHING, primary_key=True, related_name="stored_figures"
    )
    # Copies of the session's fields (a place with sessions cannot be deleted).
    place = models.ForeignKey(Place, on_delete=models.DO_NOTHING, related_name="+")
    date = models.DateField()
    weekday = models.PositiveSmallIntegerField()  # ISO: 1 Monday … 7 Sunday
    hour = models.PositiveSmallIntegerField()  # of the start
    month = models.DateField()  # its first day
    mode = models.CharField(max_length=20, choices=SessionMode)
    activity_attendance = models.PositiveIntegerField(default=0)
    # What it adds up to: duration × staff present, young people met (all, new, through the entourage and, one
    # column per EntourageKind named entourage_<kind>, through each kind of entourage), named contacts.
    staff_minutes = models.PositiveIntegerField(default=0)
    encounters = models.PositiveIntegerField(default=0)
    new_encounters = models.PositiveIntegerField(default=0)
    entourage_encounters = models.PositiveIntegerField(default=0)
    entourage_parent = models.PositiveIntegerField(default=0)
    entourage_sibling = models.PositiveIntegerField(default=0)
    entourage_friend = models.PositiveIntegerField(default=0)
    entourage_neighbour = models.PositiveIntegerField(default=0)
    entourage_shopkeeper = models.PositiveIntegerField(default=0)
    entourage_coach = models.PositiveIntegerField(default=0)
    entourage_youth_worker = models.PositiveIntegerField(default=0)
    entourage_professional = models.PositiveIntegerField(default=0)
    entourage_other = models.PositiveIntegerField(default=0)
    named_contacts = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("session figures")
        verbose_name_plural = _("session figures")
        indexes = [models.Index(fields=["date"])]

    def __str__(self):
        return f"#{self.session_id}"


class FirstNamedContact(models.Model):
    """A young person's first ever named contact at a done session (earliest date, then start, then the contact
    logged first), stored (see `outreach.session_figures`)."""

    youth = models.OneToOneField("youths.Youth", on_delete=models.CASCADE, primary_key=True, related_name="+")
    # DO_NOTHING, as for SessionFigures: the row is refreshed while the session's contacts are deleted.
    session = models.ForeignKey(OutreachSession, on_delete=models.DO_NOTHING, related_name="+")
    session_date = models.DateField()

    class Meta:
        verbose_name = _("first named contact")
        verbose_name_plural = _("first named contacts")

    def __str__(self):
        return f"#{self.youth_id} · #{self.session_id}"


class OnlineOutreachQuerySet(models.QuerySet):
    def with_list_related_data(self):
        return self.prefetch_related("staff").annotate(youths_reached=models.Count("youths", distinct=True))


class OnlineOutreach(models.Model):
    """Maraude numérique: presence on a social network, counted like a session."""

    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start"))
    end_time = models.TimeField(_("end"))
    duration_minutes = models.PositiveIntegerField(editable=False, default=0)
    platform = models.CharField(_("platform"), max_length=20, choices=Platform)
    kind = models.CharField(_("kind"), max_length=20, choices=OnlineKind)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("staff"), related_name="online_outreach", blank=True
    )
    messages_sent = models.PositiveIntegerField(_("messages sent"), default=0)
    replies = models.PositiveIntegerField(_("replies"), default=0)
    contacts_generated = models.PositiveIntegerField(_("contacts generated"), default=0)
    youths = models.ManyToManyField(
        "youths.Youth", verbose_name=_("named young people reached"), related_name="online_outreach", blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OnlineOutreachQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-start_time"]
        verbose_name = _("online outreach")
        verbose_name_plural = _("online outreach")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")), name="online_outreach_ends_after_start"
            )
        ]

    def __str__(self):
        return f"{self.get_platform_display()} · {self.date:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        self.duration_minutes = minutes_between(self.start_time, self.end_time)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "duration_minutes"}
        super().save(*args, **kwargs)


class CalendarFeedQuerySet(models.QuerySet):
    def for_user(self, user):
        feed, _ = self.get_or_create(user=user, defaults={"token": new_feed_token()})
        return feed

    def for_programme(self):
        feed, _ = self.get_or_create(user=None, defaults={"token": new_feed_token()})
        return feed


def new_feed_token():
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """The secret address of an iCalendar feed: one per staff member, one (user empty) for the whole programme."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="outreach_feeds"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now=True)

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            # One feed per staff member and a single one (no user) for the whole programme.
            models.UniqueConstraint(Coalesce("user", models.Value(0)), name="one_calendar_feed_per_owner"),
        ]

    def __str__(self):
        return str(self.user or _("Whole programme"))

    def regenerate(self):
        self.token = new_feed_token()
        self.save(update_fields=["token", "created_at"])


class MarkedPeriodKind(models.TextChoices):
    # School holidays typed by a coordinator replace the built-in dates they overlap (outreach.schedule).
    SCHOOL_HOLIDAYS = "school_holidays", _("School holidays (added or corrected)")
    RELIGIOUS = "religious", _("Religious or cultural period (e.g. Ramadan)")
    LOCAL_EVENT = "local_event", _("Local event")
    OTHER = "other", _("Other")


class MarkedPeriod(models.Model):
    """A period the coordinator marks for the schedule (Ramadan, a neighbourhood festival, works on a square…): shown
    beside the recommended slots, its dates flagged, and its past yield compared with the rest (outreach.schedule)."""

    label = models.CharField(_("label"), max_length=80)
    kind = models.CharField(_("kind"), max_length=20, choices=MarkedPeriodKind, default=MarkedPeriodKind.OTHER)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to (included)"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("marked period")
        verbose_name_plural = _("marked periods")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="marked_period_ends_after_start"
            )
        ]

    def __str__(self):
        return f"{self.label} ({self.starts_on:%d/%m/%Y} → {self.ends_on:%d/%m/%Y})"


class TerritoryOutline(models.Model):
    """The outlines of the territory's neighbourhoods (QPV, QVA…), imported once from a GeoJSON file by a coordinator
    and checked by `outreach.territory`: drawn under the places on the schedule's map, with no map tiles. The latest
    import is the one drawn."""

    name = models.CharField(_("name"), max_length=100)
    # [{"name": str, "polygons": [[[longitude, latitude], …] (one ring per polygon: the outer one)]}]
    areas = models.JSONField(default=list, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("territory outline")
        verbose_name_plural = _("territory outlines")

    def __str__(self):
        return self.name
