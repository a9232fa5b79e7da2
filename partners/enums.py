from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    PROFESSIONAL = "professional", _("Professional")
    FUNDER = "funder", _("Funder")


class OrganisationKind(models.TextChoices):
    MISSION_LOCALE = "mission_locale", _("Mission Locale")
    INSERTION = "insertion", _("Insertion association")
    HEALTH = "health", _("Health prevention")
    MOBILITY = "mobility", _("Mobility platform")
    OTHER = "other", _("Other")


class NeighbourhoodKind(models.TextChoices):
    QPV = "qpv", _("QPV (priority neighbourhood)")
    QVA = "qva", _("QVA (active watch neighbourhood)")
    OTHER = "other", _("Other")
