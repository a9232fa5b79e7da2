from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")
    OTHER = "X", _("Other / not stated")


class QualificationLevel(models.TextChoices):
    NONE = "infra3", _("No diploma (below level 3)")
    LEVEL_3 = "3", _("Level 3 (CAP, BEP)")
    LEVEL_4 = "4", _("Level 4 (Baccalauréat)")
    LEVEL_5_PLUS = "5+", _("Level 5 or above (Bac+2 and more)")
    UNKNOWN = "unknown", _("Unknown")


class SituationAtFirstContact(models.TextChoices):
    INACTIVE = "inactive", _("Inactive, not looking for work")
    SEEKING_UNREGISTERED = "seeking", _("Looking for work, not registered")
    INFORMAL_WORK = "informal", _("Occasional or undeclared work")
    DROPPED_OUT = "dropped_out", _("Recently left school or training without a diploma")
    OTHER = "other", _("Other")


class Institution(models.TextChoices):
    MISSION_LOCALE = "mission_locale", _("Mission Locale")
    FRANCE_TRAVAIL = "france_travail", _("France Travail")
    CAF = "caf", _("CAF")
    ASE = "ase", _("Child welfare (ASE)")
    PJJ = "pjj", _("Youth justice (PJJ)")
    SOCIAL_SERVICES = "social_services", _("Social services (CCAS, département)")
    OTHER = "other", _("Other")


class FirstReachedVia(models.TextChoices):
    OUTREACH_SESSION = "session", _("Outreach session")
    ENTOURAGE = "entourage", _("Through the entourage")
    SOCIAL_NETWORK = "social_network", _("Social networks")
    PARTNER = "partner", _("Referred by a partner")
    SPONTANEOUS = "spontaneous", _("Came on their own")


class ConsentChannel(models.TextChoices):
    ORAL = "oral", _("Oral, with the printed notice handed over")
    WRITTEN = "written", _("Signed notice")
    DIGITAL = "digital", _("Sent by SMS or e-mail")
    SCREEN = "screen", _("Shown on the phone screen")
    SELF = "self", _("Read by the young person (QR code)")


class Stage(models.TextChoices):
    """The funnel, in order. Derived from dated facts by `youths.funnel`, never typed by hand."""

    CONTACTED = "contacted", _("Contacted")
    IDENTIFIED = "identified", _("Identified")
    MOBILISED = "mobilised", _("Engaged")
    IN_PATHWAY = "in_pathway", _("In pathway")
    EXITED = "exited", _("Exited")
    LOST = "lost", _("Lost contact")


class ImportStatus(models.TextChoices):
    CHECKING = "checking", _("Checking the lines")
    PREVIEW = "preview", _("Waiting for confirmation")
    QUEUED = "queued", _("Waiting for the worker")
    WRITING = "writing", _("Writing the records")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")
