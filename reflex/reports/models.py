import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import FINISHED_STATUSES, ReportKind, ReportStatus
from .storage import private_report_storage


class GeneratedReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The archive a user may see (and download from).

        - funders: published funder reports only, never youth or outreach reports;
        - coordinators: every funder and outreach report, and the youth reports they generated;
        - professionals: funder and outreach reports, and the youth reports they generated.
        """
        if not (user.is_authenticated and user.is_active):
            return self.none()
        if user.is_funder:
            return self.filter(kind=ReportKind.FUNDER, published=True, status=ReportStatus.READY)
        if user.is_field_staff:
            return self.filter(~Q(kind=ReportKind.YOUTH) | Q(author=user))
        return self.none()

    def with_list_related_data(self):
        return self.select_related("author", "author__organisation", "published_by")


class GeneratedReport(models.Model):
    """One generated report, kept in the archive with its period, author, date and checksum.

    Youth reports point to the young person by id only; the file itself lives in private storage.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind)
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    youth = models.ForeignKey(
        "youths.Youth",
        verbose_name=_("young person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("requested at"), default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus, default=ReportStatus.PENDING)
    error = models.TextField(_("error"), blank=True)
    task_result_id = models.CharField(max_length=64, blank=True, editable=False)
    narrative = models.TextField(
        _("coordinator's narrative"),
        blank=True,
        help_text=_("Shown in the funder report. Write about the programme, never about a named young person."),
    )
    figures = models.JSONField(
        _("figures"), default=dict, blank=True, help_text=_("The indicators the PDF was made from.")
    )
    file = models.FileField(_("file"), storage=private_report_storage, upload_to="%Y/%m/", blank=True)
    checksum = models.CharField(_("SHA-256 checksum"), max_length=64, blank=True)
    published = models.BooleanField(_("published to funders"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = GeneratedReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("generated report")
        verbose_name_plural = _("generated reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(published=False) | Q(kind=ReportKind.FUNDER, status=ReportStatus.READY),
                name="only_ready_funder_reports_are_published",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_finished(self):
        return self.status in FINISHED_STATUSES

    @property
    def is_ready(self):
        return self.status == ReportStatus.READY

    @property
    def can_be_published(self):
        return self.kind == ReportKind.FUNDER and self.is_ready and not self.published

    @property
    def filename(self):
        period = f"-{self.period_start:%Y%m%d}-{self.period_end:%Y%m%d}" if self.period_start else ""
        return f"reflex-{self.kind}{period}-{self.pk}.pdf"

    def mark_running(self):
        self.status = ReportStatus.RUNNING
        self.save(update_fields=["status"])

    def store(self, pdf_bytes, figures=None):
        """Keep the PDF and its checksum; the report becomes ready."""
        self.checksum = hashlib.sha256(pdf_bytes).hexdigest()
        self.file.save(self.filename, ContentFile(pdf_bytes), save=False)
        if figures is not None:
            self.figures = figures
        self.status = ReportStatus.READY
        self.error = ""
        self.finished_at = timezone.now()
        self.save()

    def fail(self, message):
        self.status = ReportStatus.FAILED
        self.error = message[:2000]
        self.finished_at = timezone.now()
        self.save(update_fields=["status", "error", "finished_at"])

    def restart(self):
        """A failed report goes back to waiting; False when it was not failed any more (a second click)."""
        restarted = GeneratedReport.objects.filter(pk=self.pk, status=ReportStatus.FAILED).update(
            status=ReportStatus.PENDING, error="", finished_at=None
        )
        if restarted:
            self.refresh_from_db()
        return bool(restarted)

    def publish(self, by):
        self.published = True
        self.published_at = timezone.now()
        self.published_by = by
        self.save(update_fields=["published", "published_at", "published_by"])

    def withdraw(self):
        self.published = False
        self.published_at = None
        self.published_by = None
        self.save(update_fields=["published", "published_at", "published_by"])


class YouthFacts(models.Model):
    """One row per young person in scope, with the facts the youth indicators aggregate.

    Not a table of the schema: `indicators.materialise_facts()` fills a temporary table of this name for one
    computation (it disappears at the end of the transaction), so that the per-person subqueries run once.
    """

    id = models.BigIntegerField(primary_key=True)
    first_contact_on = models.DateField(null=True)
    identified_on = models.DateField(null=True)
    mobilised_on = models.DateField(null=True)
    pathway_started_on = models.DateField(null=True)
    lost_by_end = models.BooleanField()
    exited_in = models.BooleanField()
    reached_by_action = models.BooleanField()
    age_at_first_contact = models.IntegerField(null=True)
    by_sex = models.CharField(max_length=10)
    by_residence = models.CharField(max_length=10)
    by_qualification = models.CharField(max_length=10)
    by_partner = models.BigIntegerField(null=True)

    class Meta:
        managed = False
        db_table = "reports_youth_facts"

    def __str__(self):
        return f"#{self.pk}"


class DerivedDataCheck(models.Model):
    """One run of the daily check of the stored copies (reflex/reports/derived_check.py): what drifted from a fresh
    computation, by copy, and whether it was repaired. Ids of rows only, no personal data. Shown to administrators
    in the admin site."""

    checked_at = models.DateTimeField(_("checked at"), default=timezone.now, db_index=True)
    drift = models.JSONField(
        _("drift"),
        default=dict,
        help_text=_("By stored copy, the ids of the rows that differed from a fresh computation."),
    )
    rows_repaired = models.PositiveIntegerField(_("rows repaired"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-checked_at"]
        verbose_name = _("derived data check")
        verbose_name_plural = _("derived data checks")

    def __str__(self):
        return f"{self.checked_at:%Y-%m-%d %H:%M} {self.rows_repaired}"

    @property
    def found_drift(self):
        return self.rows_repaired > 0 or bool(self.error)
