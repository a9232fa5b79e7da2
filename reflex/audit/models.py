import pghistory
from django.conf import settings
from django.db import models
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
