import hashlib
import secrets
from datetime import timedelta

import pghistory
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.models import User

from .enums import AccessAction


class AccessEntry(models.Model):
    """One line of the append-only access journal: who did what to which young person's record, when.

    It holds ids only: no names and no content, so the journal itself carries no personal data about the youth.
    """

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+", null=True
    )
    action = models.CharField(_("action"), max_length=20, choices=AccessAction)
    youth_id = models.BigIntegerField(_("young person (id)"), null=True, db_index=True)
    object_type = models.CharField(_("record type"), max_length=60, blank=True)
    object_id = models.BigIntegerField(_("record id"), null=True)
    count = models.PositiveIntegerField(_("records"), default=1, help_text=_("For exports: how many records."))

    class Meta:
        ordering = ["-at"]
        verbose_name = _("access journal entry")
        verbose_name_plural = _("access journal")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.action} {self.youth_id}"


class EnrolmentLinkQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(used_at__isnull=True, expires_at__gt=timezone.now())

    def find(self, token):
        """The usable link of this token (None when unknown, used or expired)."""
        return self.usable().select_related("user").filter(token_hash=EnrolmentLink.hash(token)).first()


class EnrolmentLink(models.Model):
    """A one-time link that lets a person set up (or replace) their authenticator app, sent by e-mail: by another
    administrator, or with the password-reset e-mail of a coordinator or administrator who has none yet. Only a hash
    of the token is stored; the link works once, for its own account, before `expires_at`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.CASCADE, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    issued_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), editable=False)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True, editable=False)

    objects = EnrolmentLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("second-factor enrolment link")
        verbose_name_plural = _("second-factor enrolment links")

    def __str__(self):
        return f"{self.user} {self.issued_at:%Y-%m-%d %H:%M}"

    @staticmethod
    def hash(token):
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def issue(cls, user, *, by=None):
        """A new link for `user` (their earlier unused links stop working): (link, token). Only the caller sees the
        token, to put it in the e-mail."""
        cls.objects.filter(user=user, used_at__isnull=True).update(expires_at=timezone.now())
        token = secrets.token_urlsafe(32)
        link = cls.objects.create(
            user=user,
            token_hash=cls.hash(token),
            issued_by=by,
            expires_at=timezone.now() + timedelta(hours=settings.SECOND_FACTOR_ENROLMENT_LINK_HOURS),
        )
        return link, token


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    fields=["role", "is_active", "is_staff", "is_superuser", "organisation"],
    model_name="StaffAccountEvent",
    obj_field=pghistory.ObjForeignKey(related_name="history"),
)
class StaffAccount(User):
    """Change history of what gives a staff account its access: role, active, admin rights, organisation.

    A proxy of partners.User, so that the audit app keeps this history without touching partners' models. Each
    change is a row of `StaffAccountEvent`, written by a PostgreSQL trigger (django-pghistory) with the signed-in
    person and the URL of the request (`pgh_context`, filled by pghistory's middleware). Other apps follow the same
    pattern with `@pghistory.track(...)` on their own models (reflex/audit/SECURITY.md, "Change history").
    """

    class Meta:
        proxy = True
        verbose_name = _("staff account")
        verbose_name_plural = _("staff accounts")
