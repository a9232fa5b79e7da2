from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PathwayStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    ENDED = "ended", _("Ended")


OPEN_PATHWAY_STATUSES = (PathwayStatus.ACTIVE, PathwayStatus.PAUSED)


class BarrierCategory(models.TextChoices):
    HEALTH = "health", _("Health")
    MOBILITY = "mobility", _("Mobility")
    HOUSING = "housing", _("Housing")
    RIGHTS = "rights", _("Access to rights")
    DIGITAL = "digital", _("Information / digital")
    RESOURCES = "resources", _("Financial resources")
    JUSTICE = "justice", _("Justice")
    CHILDCARE = "childcare", _("Childcare")
    LANGUAGE = "language", _("Language / basic skills")
    CONFIDENCE = "confidence", _("Self-confidence / social skills")
    QUALIFICATION = "qualification", _("Qualification")


# Barriers whose notes only the referent reads; they hold a category and dates, never a diagnosis or an offence.
SENSITIVE_BARRIER_CATEGORIES = (BarrierCategory.HEALTH, BarrierCategory.JUSTICE)


class BarrierStatus(models.TextChoices):
    IDENTIFIED = "identified", _("Identified")
    ADDRESSED = "addressed", _("Being addressed")
    LIFTED = "lifted", _("Lifted")
    CLOSED = "closed", _("Closed at the exit")


class ActionKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    COLLECTIVE = "collective", _("Collective")


class ActionCategory(models.TextChoices):
    JOB_SEARCH = "job_search", _("Job search support")
    TRAINING = "training", _("Training")
    WORK_PLACEMENT = "placement", _("Work placement / immersion")
    HEALTH = "health", _("Health")
    MOBILITY = "mobility", _("Mobility")
    HOUSING = "housing", _("Housing")
    RIGHTS = "rights", _("Access to rights")
    DIGITAL = "digital", _("Digital skills")
    WORKSHOP = "workshop", _("Workshop")
    JOB_DATING = "job_dating", _("Job dating")
    SPORT = "sport", _("Sport")
    PREVENTION_DAY = "prevention_day", _("Prevention day")
    CULTURE = "culture", _("Culture / leisure")
    OTHER = "other", _("Other")


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Attendance(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")


class FollowUpMode(models.TextChoices):
    OFFICE = "office", _("Office")
    TRUCK = "truck", _("Truck")
    HOME_VISIT = "home_visit", _("Home visit")
    PHONE = "phone", _("Phone")
    SMS = "sms", _("Text message")
    SOCIAL_NETWORK = "social_network", _("Social network")
    VIDEO = "video", _("Video call")


class ExitGroup(models.TextChoices):
    """The groups funders count exits by."""

    DURABLE_JOB = "durable_job", _("Durable employment")
    TRANSITION_JOB = "transition_job", _("Transitional employment")
    WORK_STUDY = "work_study", _("Work-study")
    TRAINING = "training", _("Training")
    SCHOOL = "school", _("Return to school")
    CIVIC_SERVICE = "civic_service", _("Civic service / volunteering")
    REFERRAL = "referral", _("Referral to another programme")
    OTHER = "other", _("Other")
    DROPOUT = "dropout", _("Dropped out / lost contact")
    MOVED = "moved", _("Moved away")


class ExitOutcome(models.TextChoices):
    PERMANENT_CONTRACT = "cdi", _("Permanent contract (CDI)")
    LONG_FIXED_TERM = "cdd_long", _("Fixed-term or temping contract of 6 months or more")
    BUSINESS_CREATION = "business", _("Business creation")
    SHORT_FIXED_TERM = "cdd_short", _("Fixed-term or temping contract under 6 months")
    SUBSIDISED_CONTRACT = "subsidised", _("Subsidised contract")
    APPRENTICESHIP = "apprenticeship", _("Apprenticeship")
    PROFESSIONALISATION = "professionalisation", _("Professionalisation contract")
    QUALIFYING_TRAINING = "qualifying", _("Qualifying training")
    PREQUALIFYING_TRAINING = "prequalifying", _("Pre-qualifying training")
    SCHOOL = "school", _("Return to school")
    CIVIC_SERVICE = "civic_service", _("Civic service / volunteering")
    REFERRAL = "referral", _("Referral to another programme (e.g. CEJ)")
    OTHER = "other", _("Other")
    DROPOUT = "dropout", _("Dropped out")
    LOST_CONTACT = "lost_contact", _("Lost contact")
    MOVED = "moved", _("Moved away")


EXIT_GROUP_OF_OUTCOME = {
    ExitOutcome.PERMANENT_CONTRACT: ExitGroup.DURABLE_JOB,
    ExitOutcome.LONG_FIXED_TERM: ExitGroup.DURABLE_JOB,
    ExitOutcome.BUSINESS_CREATION: ExitGroup.DURABLE_JOB,
    ExitOutcome.SHORT_FIXED_TERM: ExitGroup.TRANSITION_JOB,
    ExitOutcome.SUBSIDISED_CONTRACT: ExitGroup.TRANSITION_JOB,
    ExitOutcome.APPRENTICESHIP: ExitGroup.WORK_STUDY,
    ExitOutcome.PROFESSIONALISATION: ExitGroup.WORK_STUDY,
    ExitOutcome.QUALIFYING_TRAINING: ExitGroup.TRAINING,
    ExitOutcome.PREQUALIFYING_TRAINING: ExitGroup.TRAINING,
    ExitOutcome.SCHOOL: ExitGroup.SCHOOL,
    ExitOutcome.CIVIC_SERVICE: ExitGroup.CIVIC_SERVICE,
    ExitOutcome.REFERRAL: ExitGroup.REFERRAL,
    ExitOutcome.OTHER: ExitGroup.OTHER,
    ExitOutcome.DROPOUT: ExitGroup.DROPOUT,
    ExitOutcome.LOST_CONTACT: ExitGroup.DROPOUT,
    ExitOutcome.MOVED: ExitGroup.MOVED,
}

# Job and training exits are checked at +3 and +6 months: did it hold?
CHECKED_EXIT_GROUPS = (ExitGroup.DURABLE_JOB, ExitGroup.TRANSITION_JOB, ExitGroup.WORK_STUDY, ExitGroup.TRAINING)
EXIT_CHECK_MONTHS = (3, 6)
LOST_OUTCOMES = (ExitOutcome.DROPOUT, ExitOutcome.LOST_CONTACT)


def outcomes_of_group(group):
    return [outcome for outcome, of_group in EXIT_GROUP_OF_OUTCOME.items() if of_group == group]


class AppointmentStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("appointment", "Planned")
    ATTENDED = "attended", pgettext_lazy("appointment", "Attended")
    MISSED = "missed", pgettext_lazy("appointment", "Missed")
    CANCELLED = "cancelled", pgettext_lazy("appointment", "Cancelled")
    POSTPONED = "postponed", pgettext_lazy("appointment", "Postponed")


# What a tap on an appointment may record: attended and missed once its day has come, cancelled and postponed any time.
OUTCOME_APPOINTMENT_STATUSES = (AppointmentStatus.ATTENDED, AppointmentStatus.MISSED)
APPOINTMENT_MARKS = (*OUTCOME_APPOINTMENT_STATUSES, AppointmentStatus.CANCELLED, AppointmentStatus.POSTPONED)

# The reason recorded on what an exit closes (barriers, planned actions, future appointments).
CLOSED_BY_EXIT = "exit"


class ContractType(models.TextChoices):
    """The contract of a job or work-study exit, or the kind of training."""

    PERMANENT = "cdi", _("CDI")
    FIXED_TERM_LONG = "cdd_long", _("CDD of 6 months or more")
    FIXED_TERM_SHORT = "cdd_short", _("CDD under 6 months")
    TEMPING = "temping", _("Temping (intérim)")
    APPRENTICESHIP = "apprenticeship", _("Apprenticeship contract")
    PROFESSIONALISATION = "professionalisation", _("Professionalisation contract")
    SUBSIDISED = "subsidised", _("Subsidised contract (contrat aidé)")
    BUSINESS = "business", _("Business creation")
    TRAINING = "training", _("Training course")
    OTHER = "other", _("Other")


class ReminderChannel(models.TextChoices):
    SMS = "sms", _("Text message")
    EMAIL = "email", _("E-mail")


class ReminderStatus(models.TextChoices):
    PENDING = "pending", _("To send")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Not sent")
