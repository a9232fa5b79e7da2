from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Submission(models.Model):
    """A creating form that was posted, by the one-time token it carried (see reflex/submissions/__init__.py).

    The token is the primary key: a second post of the same form (double click, replay, a retry after a lost
    answer) cannot insert it again, and is answered with the first one's result instead of creating anything.
    """

    token = models.UUIDField(_("token"), primary_key=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    path = models.CharField(_("address"), max_length=200)
    created_at = models.DateTimeField(_("posted at"), default=timezone.now, db_index=True)
    result_url = models.CharField(_("result"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("submitted form")
        verbose_name_plural = _("submitted forms")

    def __str__(self):
        return str(self.token)
