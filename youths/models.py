from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Coalesce, ExtractYear, Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reflex.typography import NBSP

from . import funnel, identity, keys
from .enums import (
    ConsentChannel,
    FirstReachedVia,
    ImportStatus,
    Institution,
    QualificationLevel,
    Sex,
    SituationAtFirstContact,
    Stage,
)

# The annotations of `with_stage()`, stored per young person in `FunnelFacts`.
STAGE_ANNOTATIONS = (
    "identified_on",
    "mobilised_on",
    "pathway_started_on",
    "exited_on",
    "lost_on",
    "last_contact_on",
    "stage",
    "stage_on",
)


class AgeInYears(models.Func):
    """Full years between two dates, in SQL: DATE_PART('year', AGE(later, earlier))."""

    template = "DATE_PART('year', AGE(%(expressions)s))::integer"
    output_field = models.IntegerField()


class YouthQuerySet(models.QuerySet):
    def current(self):
        """Records still in use: not merged into another one."""
        return self.filter(merged_into__isnull=True)

    def current_by_stored_facts(self):
        """`current()`, read from the stored funnel facts' copy: a list that searches, filters and sorts on the
        stored facts then reads no more of the records' table than the rows it shows."""
        return self.filter(funnel_facts__current=True)

    def visible_to(self, user):
        """What `user` may know exists (mirrored by `youths.perms.can_view_youth`).

        Coordinators: everyone. Professionals: the young people they refer, those without a referent yet, and those
        who agreed to share with the consortium partners. Funders and anyone else: nobody.
        """
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_coordinator:
            return self.all()
        if user.is_professional:
            return self.filter(Q(referent=user) | Q(referent__isnull=True) | Q(shares_with_consortium=True))
        return self.none()

    def with_age(self):
        """`age_at_first_contact`, read from the stored `FunnelFacts` (what `with_computed_age()` gives)."""
        return self.annotate(age_at_first_contact=F("funnel_facts__age_at_first_contact"))

    def with_computed_age(self):
        """`age_at_first_contact` (from the birth date, or approximately from the birth year) as an SQL annotation."""
        return self.annotate(
            age_at_first_contact=Coalesce(
                AgeInYears(F("first_contact_on"), F("birth_date")),
                ExtractYear("first_contact_on") - F("birth_year"),
                output_field=models.IntegerField(),
            )
        )

    def with_stage(self):
        """The funnel as SQL annotations, read from the stored `FunnelFacts` (one join): the date each stage was
        reached (identified_on, mobilised_on, pathway_started_on, exited_on, lost_on, last_contact_on), `stage` and
        `stage_on`. What they mean: `with_computed_stage()`."""
        return self.annotate(**{name: F(f"funnel_facts__{name}") for name in STAGE_ANNOTATIONS})

    def with_computed_stage(self):
        """The funnel computed afresh from the young person's fields and the facts other apps provide (correlated
        subqueries, see `youths.funnel`): what `FunnelFacts` stores.

        identified_on: notice given + a first name or nickname + a way to reach them (phone, e-mail or social handle);
        mobilised_on, pathway_started_on, exited_on, lost_on, last_contact_on: combined from the providers other apps
        register in `youths.funnel` (lost_on also reads Youth.lost_contact_on; last_contact_on starts from the first
        contact). Lost contact counts only while no contact came after it.
        """
        reachable = ~Q(phone="") | ~Q(email="") | ~Q(social_handle="")
        named = ~Q(first_name="") | ~Q(nickname="")
        identified_on = Case(
            When(
                Q(information_notice_given_on__isnull=False) & named & reachable,
                then=Greatest("first_contact_on", "information_notice_given_on"),
            ),
            default=None,
            output_field=models.DateField(),
        )
        queryset = self.annotate(
            identified_on=identified_on,
            mobilised_on=funnel.fact_expression("mobilised_on"),
            pathway_started_on=funnel.fact_expression("pathway_started_on"),
            exited_on=funnel.fact_expression("exited_on"),
            lost_on=funnel.fact_expression("lost_on", F("lost_contact_on")),
            last_contact_on=funnel.fact_expression("last_contact_on", F("first_contact_on")),
        )
        lost = Q(lost_on__isnull=False) & (Q(last_contact_on__isnull=True) | Q(last_contact_on__lte=F("lost_on")))
        steps = [
            (Q(exited_on__isnull=False), Stage.EXITED, "exited_on"),
            (lost, Stage.LOST, "lost_on"),
            (Q(pathway_started_on__isnull=False), Stage.IN_PATHWAY, "pathway_started_on"),
            (Q(mobilised_on__isnull=False), Stage.MOBILISED, "mobilised_on"),
            (Q(identified_on__isnull=False), Stage.IDENTIFIED, "identified_on"),
        ]
        return queryset.annotate(
            stage=Case(
                *[When(condition, then=Value(stage.value)) for condition, stage, _field in steps],
                default=Value(Stage.CONTACTED.value),
                output_field=models.CharField(),
            ),
            stage_on=Case(
                *[When(condition, then=F(field)) for condition, _stage, field in steps],
                default=F("first_contact_on"),
                output_field=models.DateField(),
            ),
        )

    def search(self, text):
        """Search by name, nickname (accent-, case- and order-insensitive word prefixes) or phone, on the keys."""
        text = (text or "").strip()[:100]
        if not text:
            return self
        phone_prefix = identity.phone_search_prefix(text)
        if phone_prefix:
            return self.filter(phone_key__startswith=phone_prefix)
        # The keys' copies in the stored funnel facts: a narrow table, where no index can serve "a word starts
        # with" and every row is read.
        condition = Q()
        for word in identity.fold(text).split()[:5]:
            condition &= (
                Q(funnel_facts__name_key__startswith=word)
                | Q(funnel_facts__name_key__contains=f" {word}")
                | Q(funnel_facts__nickname_key__startswith=word.replace(" ", ""))
                | Q(funnel_facts__email_key__startswith=word)
            )
        return self.filter(condition)

    def with_list_related_data(self):
        return self.select_related("neighbourhood", "referent", "created_by_organisation")


class Youth(models.Model):
    """A young person met by the consortium. Identity may be partial: a first name or a nickname is enough."""

    # Identity
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    nickname = models.CharField(_("nickname"), max_length=100, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    social_handle = models.CharField(_("social network handle"), max_length=100, blank=True)
    neighbourhood = models.ForeignKey(
        "partners.Neighbourhood",
        verbose_name=_("neighbourhood"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="youths",
    )
    town = models.CharField(_("town"), max_length=120, blank=True)

    # Situation at first contact
    first_contact_on = models.DateField(_("first contact"), default=timezone.localdate)
    first_reached_via = models.CharField(
        _("first reached through"), max_length=20, choices=FirstReachedVia, blank=True
    )
    qualification_level = models.CharField(
        _("qualification level"), max_length=10, choices=QualificationLevel, default=QualificationLevel.UNKNOWN
    )
    left_school_on = models.DateField(_("left school on"), null=True, blank=True)
    situation_at_first_contact = models.CharField(
        _("situation at first contact"), max_length=20, choices=SituationAtFirstContact, blank=True
    )
    out_of_target_confirmed = models.BooleanField(
        _("out of target, confirmed"),
        default=False,
        help_text=_("The age at first contact is outside the programme's range; the record is left out of reports."),
    )

    # Consent (information notice, GDPR)
    information_notice_given_on = models.DateField(_("information notice given on"), null=True, blank=True)
    consent_channel = models.CharField(_("consent channel"), max_length=10, choices=ConsentChannel, blank=True)
    information_notice_given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("information notice given by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    shares_with_consortium = models.BooleanField(_("agrees to share with consortium partners"), default=False)
    refused_consent = models.BooleanField(
        _("refused"), default=False, help_text=_("Only a pseudonymous record is kept: nickname, neighbourhood, year.")
    )

    notes = models.TextField(_("notes"), blank=True)
    lost_contact_on = models.DateField(_("lost contact on"), null=True, blank=True)

    # Accompaniment sets the referent when a pathway starts or changes hands; youths reads it for access rules.
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("referent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referred_youths",
    )

    # Normalised keys for duplicate detection, kept in indexed columns (see youths.identity).
    name_key = models.CharField(max_length=220, blank=True, db_index=True, editable=False)
    nickname_key = models.CharField(max_length=100, blank=True, db_index=True, editable=False)
    phone_key = models.CharField(max_length=20, blank=True, db_index=True, editable=False)
    email_key = models.CharField(max_length=254, blank=True, db_index=True, editable=False)
    first_name_key = models.CharField(max_length=100, blank=True, db_index=True, editable=False)
    last_name_key = models.CharField(max_length=100, blank=True, db_index=True, editable=False)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    created_by_organisation = models.ForeignKey(
        "partners.Organisation", on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    merged_into = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = YouthQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "nickname"]
        verbose_name = _("young person")
        verbose_name_plural = _("young people")
        indexes = [
            models.Index(fields=["first_contact_on"]),
            models.Index(fields=["referent", "first_contact_on"]),
            models.Index(fields=["birth_date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(first_name="", nickname="") | models.Q(anonymised_at__isnull=False),
                name="youth_has_a_first_name_or_nickname",
            )
        ]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        self.refresh_keys()
        if self.pk is not None:
            self.version = (self.version or 0) + 1
            if "update_fields" in kwargs and kwargs["update_fields"] is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version", *self.KEY_FIELDS, "updated_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("youths:detail", args=[self.pk])

    KEY_FIELDS = keys.KEY_FIELDS  # defined once, in youths/keys.py
    IDENTITY_FIELDS = keys.IDENTITY_FIELDS

    def refresh_keys(self):
        """Recompute the normalised keys from the identity fields (save() does it; call it before bulk_create)."""
        for name, value in keys.keys_of_record(self).items():
            setattr(self, name, value)

    @property
    def display_name(self):
        full = f"{self.first_name} {self.last_name}".strip()
        if full and self.nickname:
            return f"{full} «{NBSP}{self.nickname}{NBSP}»"
        return full or self.nickname or f"#{self.pk}"

    @property
    def stage_label(self):
        """The label of the `stage` annotation (querysets built with `with_stage()`)."""
        stage = getattr(self, "stage", None)
        return Stage(stage).label if stage else ""

    @property
    def known_birth_year(self):
        return self.birth_date.year if self.birth_date else self.birth_year

    @property
    def age(self):
        """Age today (from the birth date or, approximately, the birth year)."""
        return identity.age_on(timezone.localdate(), self.birth_date, self.birth_year)

    @property
    def age_at_first_contact_py(self):
        return identity.age_on(self.first_contact_on, self.birth_date, self.birth_year)

    @property
    def phone_display(self):
        return identity.format_phone(self.phone)


class FunnelFactsQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The facts of the young people `user` may see: `Youth.objects.visible_to(user)`, read from the copies of
        the record's referent and sharing choice (counts by stage without a pass over the records)."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_coordinator:
            return self.all()
        if user.is_professional:
            return self.filter(Q(referent_id=user.pk) | Q(referent_id__isnull=True) | Q(shares_with_consortium=True))
        return self.none()


class FunnelFacts(models.Model):
    """A young person's funnel, stored (see `youths.funnel`): lists, counts and reports read it with a join, or
    alone, instead of computing correlated subqueries over every record. Kept current by `funnel.refresh()`."""

    # DO_NOTHING: deleting a young person's follow-ups (a cascade) refreshes this row, so it goes last, removed by
    # `funnel.forget_deleted_youth` once the young person is gone (the foreign key is checked at commit).
    youth = models.OneToOneField(Youth, on_delete=models.DO_NOTHING, primary_key=True, related_name="funnel_facts")
    current = models.BooleanField(default=True)  # not merged into another record
    first_contact_on = models.DateField(null=True)
    identified_on = models.DateField(null=True)
    mobilised_on = models.DateField(null=True)
    pathway_started_on = models.DateField(null=True)
    exited_on = models.DateField(null=True)
    lost_on = models.DateField(null=True)
    last_contact_on = models.DateField(null=True)
    stage = models.CharField(max_length=20, choices=Stage, default=Stage.CONTACTED)
    stage_on = models.DateField(null=True)
    age_at_first_contact = models.IntegerField(null=True)  # `Youth.objects.with_computed_age()`
    # Copies of the record's search keys (`YouthQuerySet.search`): youths.keys.SEARCH_KEY_FIELDS, same sizes as the
    # record's columns (tests/youths/test_identity_fields.py).
    name_key = models.CharField(max_length=220, blank=True, default="")
    nickname_key = models.CharField(max_length=100, blank=True, default="")
    email_key = models.CharField(max_length=254, blank=True, default="")
    # Copies of the record's fields that decide who may see it (`FunnelFactsQuerySet.visible_to`).
    referent_id = models.BigIntegerField(null=True)
    shares_with_consortium = models.BooleanField(default=False)

    objects = FunnelFactsQuerySet.as_manager()

    class Meta:
        verbose_name = _("funnel facts")
        verbose_name_plural = _("funnel facts")
        indexes = [models.Index(fields=["current", "first_contact_on"])]

    def __str__(self):
        return f"#{self.youth_id}"


class InstitutionKnowledge(models.Model):
    """An institution that knows the young person, and since when."""

    youth = models.ForeignKey(Youth, on_delete=models.CASCADE, related_name="institutions")
    institution = models.CharField(_("institution"), max_length=20, choices=Institution)
    since = models.DateField(_("since"), null=True, blank=True)
    last_contact_on = models.DateField(_("last contact with it"), null=True, blank=True)

    class Meta:
        verbose_name = _("institution knowing the young person")
        constraints = [models.UniqueConstraint(fields=["youth", "institution"], name="unique_institution_per_youth")]

    def __str__(self):
        return self.get_institution_display()


class YouthMerge(models.Model):
    """A coordinator merged `merged` into `kept`: related rows moved, `merged.merged_into` points to `kept`."""

    kept = models.ForeignKey(Youth, verbose_name=_("kept record"), on_delete=models.PROTECT, related_name="+")
    merged = models.ForeignKey(Youth, verbose_name=_("merged record"), on_delete=models.PROTECT, related_name="+")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+", null=True
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    moved = models.JSONField(
        _("moved rows"), default=dict, blank=True, help_text=_("Rows moved per related table; conflicts left behind.")
    )

    class Meta:
        ordering = ["-at"]
        verbose_name = _("merge of records")
        verbose_name_plural = _("merges of records")

    def __str__(self):
        return f"#{self.merged_id} → #{self.kept_id}"


class PendingImport(models.Model):
    """A file of young people on its way in: its lines, read and bounded at upload (youths/imports.py), checked and
    then written by the worker (youths/tasks.py), with its progress. It lives in the database, not in the session;
    its lines (personal data) are emptied once the import is written or cancelled.

    Status: checking → preview → (confirmed) queued → writing → done; failed or cancelled on the way.
    """

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus, default=ImportStatus.CHECKING)
    rows = models.JSONField(default=list)  # [{"line": n, "values": {field: text}}]
    row_count = models.PositiveIntegerField(default=0)
    done_count = models.PositiveIntegerField(default=0)  # lines checked, then lines written
    report = models.JSONField(default=list)  # the preview: one entry per line (status, messages, candidates)
    create_anyway = models.JSONField(default=list)  # lines of possible duplicates to create all the same
    created_count = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("pending import")
        verbose_name_plural = _("pending imports")

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def is_working(self):
        return self.status in (ImportStatus.CHECKING, ImportStatus.QUEUED, ImportStatus.WRITING)

    def confirm(self, create_anyway):
        """Claim the import for writing: True once, False for a second click or an import no longer previewed."""
        claimed = PendingImport.objects.filter(pk=self.pk, status=ImportStatus.PREVIEW).update(
            status=ImportStatus.QUEUED, create_anyway=sorted(create_anyway), done_count=0
        )
        if claimed:
            self.refresh_from_db()
        return bool(claimed)

    def cancel(self):
        return bool(
            PendingImport.objects.filter(pk=self.pk, status__in=[ImportStatus.PREVIEW, ImportStatus.FAILED]).update(
                status=ImportStatus.CANCELLED, rows=[], report=[], finished_at=timezone.now()
            )
        )
