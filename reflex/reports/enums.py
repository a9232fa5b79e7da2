from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    FUNDER = "funder", _("Funder progress report")
    YOUTH = "youth", _("Youth progress report")
    OUTREACH = "outreach", _("Outreach report")


class ReportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a worker")
    RUNNING = "running", _("Being generated")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


FINISHED_STATUSES = (ReportStatus.READY, ReportStatus.FAILED)
