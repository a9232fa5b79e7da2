from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import ConsentChannel, FirstReachedVia, Institution, QualificationLevel, Sex, SituationAtFirstContact


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

    class Meta:
        ordering = ["last_name", "first_name", "nickname"]
        verbose_name = _("young person")
        verbose_name_plural = _("young people")
        indexes = [models.Index(fields=["first_contact_on"]), models.Index(fields=["referent", "first_contact_on"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(first_name="", nickname="") | models.Q(anonymised_at__isnull=False),
                name="youth_has_a_first_name_or_nickname",
            )
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        full = f"{self.first_name} {self.last_name}".strip()
        if full and self.nickname:
            return f"{full} « {self.nickname} »"
        return full or self.nickname or f"#{self.pk}"


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
