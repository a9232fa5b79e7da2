from django.db import models
from django.utils.translation import gettext_lazy as _


class OrientationStatus(models.TextChoices):
    SENT = "sent", _("Awaiting an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


# Taken up by the service: what the acceptance rate counts over the answered ones.
TAKEN_UP = (OrientationStatus.ACCEPTED, OrientationStatus.DONE)
ANSWERED = (OrientationStatus.ACCEPTED, OrientationStatus.DECLINED, OrientationStatus.DONE)


class ImportStatus(models.TextChoices):
    PREVIEW = "preview", _("Previewed")
    APPLIED = "applied", _("Applied")
