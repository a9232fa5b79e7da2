"""The directory of services around the programme (data·inclusion structures and services, imported or entered by
hand) and the orientations of a barrier to one of them."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Func, Q, Value
from django.db.models.functions import Concat, Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accompaniment.enums import BarrierCategory, BarrierStatus

from .enums import TAKEN_UP, ImportStatus, OrientationStatus
from .themes import MODE_CHOICES, PUBLIC_CHOICES, THEME_CHOICES, barrier_categories_of


class Structure(models.Model):
    """An organisation that offers services (data·inclusion "structure"). `source_id` is the data·inclusion id
    (e.g. "dora--42"): a re-import updates the structure with the same id; local entries have none."""

    source = models.CharField(_("source"), max_length=100, blank=True, editable=False)
    source_id = models.CharField(_("data·inclusion id"), max_length=200, blank=True, editable=False)
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("consortium partner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="structures",
        help_text=_("When this structure is one of the consortium's partners."),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    town = models.CharField(_("town"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    hours = models.TextField(_("opening hours"), blank=True)
    updated_on = models.DateField(_("last updated at the source"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("structure")
        verbose_name_plural = _("structures")
        constraints = [
            models.UniqueConstraint(
                fields=["source_id"], condition=~Q(source_id=""), name="one_structure_per_source_id"
            )
        ]

    def __str__(self):
        return self.name


class ServiceQuerySet(models.QuerySet):
    def open(self):
        return self.filter(is_closed=False)

    def search(self, *, barrier="", town="", mode="", text=""):
        """Open to typing on a phone: words and town match whatever their case and accents ("sante" finds "Santé",
        "isle d abeau" finds "L'Isle-d'Abeau"). Accents are folded by PostgreSQL's built-in translate(), so no
        extension and no stored copy are needed."""
        services = self
        if barrier:
            services = services.filter(barrier_categories__contains=[barrier])
        if mode:
            services = services.filter(modes__contains=[mode])
        town = fold(town)
        if town:
            place = Concat("town", Value(" "), "postcode", Value(" "), "area", output_field=models.TextField())
            structure_place = Concat(
                "structure__town", Value(" "), "structure__postcode", output_field=models.TextField()
            )
            services = services.annotate(_place=_folded(place), _structure_place=_folded(structure_place)).filter(
                Q(_place__contains=town) | Q(town="", _structure_place__contains=town)
            )
        words = fold(text).split()[:8]
        if words:
            haystack = Concat(
                "name", Value(" "), "description", Value(" "), "structure__name", Value(" "), "conditions",
                output_field=models.TextField(),
            )  # fmt: skip
            services = services.annotate(_text=_folded(haystack))
            for word in words:
                services = services.filter(_text__contains=word)
        return services


ACCENTED = "àâäáãåçéèêëíìîïñóòôöõúùûüýÿœæ'-’"
PLAIN = "aaaaaaceeeeiiiinooooouuuuyyoa   "


def fold(text):
    """Lower case, accents off, apostrophes and hyphens as spaces: how the search compares words."""
    return " ".join(text.lower().translate(str.maketrans(ACCENTED, PLAIN)).split())


def _folded(expression):
    return Func(
        Lower(expression), Value(ACCENTED), Value(PLAIN), function="translate", output_field=models.TextField()
    )


class Service(models.Model):
    """A service a structure offers (data·inclusion "service"): what it is for, for whom, where, when, how."""

    structure = models.ForeignKey(
        Structure, verbose_name=_("structure"), on_delete=models.PROTECT, related_name="services"
    )
    source_id = models.CharField(_("data·inclusion id"), max_length=200, blank=True, editable=False)
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    themes = ArrayField(
        models.CharField(max_length=120, choices=THEME_CHOICES), verbose_name=_("themes"), default=list, blank=True
    )
    barrier_categories = ArrayField(
        models.CharField(max_length=20, choices=BarrierCategory),
        verbose_name=_("barriers it helps lift"),
        default=list,
        blank=True,
        help_text=_("Filled from the themes when left empty."),
    )
    publics = ArrayField(
        models.CharField(max_length=80, choices=PUBLIC_CHOICES), verbose_name=_("publics"), default=list, blank=True
    )
    conditions = models.TextField(_("conditions of access"), blank=True)
    modes = ArrayField(
        models.CharField(max_length=20, choices=MODE_CHOICES), verbose_name=_("modes"), default=list, blank=True
    )
    address = models.CharField(_("address"), max_length=300, blank=True, help_text=_("If not the structure's."))
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    town = models.CharField(_("town"), max_length=100, blank=True)
    area = models.CharField(
        _("area served"), max_length=300, blank=True, help_text=_("Towns or codes of the area, as the source gives.")
    )
    hours = models.TextField(_("opening hours"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    contact_name = models.CharField(_("contact name"), max_length=150, blank=True)
    how_to_get_there = models.TextField(_("how to get there"), blank=True)
    what_to_bring = models.TextField(_("what to bring"), blank=True)
    contact_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consortium contact person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="services_received",
        help_text=_(
            "A professional of the consortium who answers the orientations to this service. "
            "Without one, the referent follows the orientation."
        ),
    )
    is_closed = models.BooleanField(_("closed"), default=False, help_text=_("No longer takes orientations."))
    updated_on = models.DateField(_("last updated at the source"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        constraints = [
            models.UniqueConstraint(fields=["source_id"], condition=~Q(source_id=""), name="one_service_per_source_id")
        ]
        indexes = [models.Index(fields=["is_closed"])]

    def __str__(self):
        return f"{self.name} ({self.structure.name})"

    def save(self, *args, **kwargs):
        if not self.barrier_categories:
            self.barrier_categories = barrier_categories_of(self.themes)
        super().save(*args, **kwargs)

    @property
    def place(self):
        """Where to go: the service's own address, else its structure's."""
        if self.address or self.town:
            return {"address": self.address, "postcode": self.postcode, "town": self.town}
        return {"address": self.structure.address, "postcode": self.structure.postcode, "town": self.structure.town}

    @property
    def barrier_category_labels(self):
        return [BarrierCategory(value).label for value in self.barrier_categories if value in BarrierCategory]

    @property
    def shown_hours(self):
        return self.hours or self.structure.hours

    @property
    def shown_phone(self):
        return self.phone or self.structure.phone

    @property
    def shown_email(self):
        return self.email or self.structure.email

    @property
    def followed_by_partner(self):
        return self.contact_person_id is not None


class OrientationQuerySet(models.QuerySet):
    def awaiting(self):
        return self.filter(status=OrientationStatus.SENT)

    def overdue(self, today=None):
        """Sent, and the answer expected by a date now past."""
        return self.awaiting().filter(expected_answer_on__lt=today or timezone.localdate())

    def followed_by(self, user):
        """What this user answers or follows: sent to them as a service's contact person, or, for a service
        without one, orientations of the young people they refer."""
        return self.filter(
            Q(service__contact_person=user)
            | Q(service__contact_person__isnull=True, barrier__pathway__youth__referent=user)
        )


class Orientation(models.Model):
    """A barrier handed to a service, with the answer expected by a date. A consortium partner's contact person
    accepts, declines with a reason, or reports it done; an outside service's answer is recorded by the referent."""

    barrier = models.ForeignKey(
        "accompaniment.Barrier", verbose_name=_("barrier"), on_delete=models.CASCADE, related_name="orientations"
    )
    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.PROTECT, related_name="orientations"
    )
    oriented_on = models.DateField(_("orientation date"), default=timezone.localdate)
    expected_answer_on = models.DateField(_("answer expected by"))
    status = models.CharField(_("status"), max_length=10, choices=OrientationStatus, default=OrientationStatus.SENT)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    decline_reason = models.CharField(_("reason for declining"), max_length=300, blank=True)
    oriented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("oriented by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("answered by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrientationQuerySet.as_manager()

    class Meta:
        ordering = ["-oriented_on", "-pk"]
        verbose_name = _("orientation")
        verbose_name_plural = _("orientations")
        indexes = [models.Index(fields=["status", "expected_answer_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(expected_answer_on__gte=models.F("oriented_on")), name="orientation_answer_after_start"
            ),
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True) | Q(answered_on__gte=models.F("oriented_on")),
                name="orientation_answered_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""), name="declined_orientation_has_a_reason"
            ),
        ]

    def __str__(self):
        return f"{self.barrier} → {self.service.name}"

    @property
    def youth_short_name(self):
        """What a receiving partner reads of the young person: their first name or nickname, nothing more."""
        youth = self.barrier.pathway.youth
        return youth.first_name or youth.nickname or _("(no first name)")

    @property
    def is_overdue(self):
        return self.status == OrientationStatus.SENT and self.expected_answer_on < timezone.localdate()

    def clean(self):
        errors = {}
        if self.service_id and self.service.is_closed and self._state.adding:
            errors["service"] = _("This service is closed: it no longer takes orientations.")
        if self.oriented_on and self.oriented_on > timezone.localdate():
            errors["oriented_on"] = _("This date is in the future.")
        if self.oriented_on and self.barrier_id and self.oriented_on < self.barrier.identified_on:
            errors["oriented_on"] = _("This date is before the barrier was identified.")
        if self.expected_answer_on and self.oriented_on and self.expected_answer_on < self.oriented_on:
            errors["expected_answer_on"] = _("The answer cannot be expected before the orientation.")
        if errors:
            raise ValidationError(errors)

    def answer(self, status, *, by, on, reason=""):
        """Record the service's answer: accepted, declined (with its reason) or done. A barrier a service takes up
        is being addressed from that day, if it was only identified."""
        self.status = status
        self.answered_on = on
        self.answered_by = by
        self.decline_reason = reason if status == OrientationStatus.DECLINED else ""
        self.save(update_fields=["status", "answered_on", "answered_by", "decline_reason"])
        barrier = self.barrier
        if status in TAKEN_UP and barrier.status == BarrierStatus.IDENTIFIED:
            barrier.status = BarrierStatus.ADDRESSED
            barrier.addressed_on = max(on, barrier.identified_on)
            barrier.save(update_fields=["status", "addressed_on"])


class DirectoryImport(models.Model):
    """A data·inclusion file read and checked, waiting for the coordinator's confirmation (the preview), then
    applied all at once. The rows are kept as read, already validated."""

    status = models.CharField(max_length=10, choices=ImportStatus, default=ImportStatus.PREVIEW)
    file_names = models.CharField(max_length=300, blank=True)
    structures = models.JSONField(default=list)
    services = models.JSONField(default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("directory import")
        verbose_name_plural = _("directory imports")

    def __str__(self):
        return self.file_names
