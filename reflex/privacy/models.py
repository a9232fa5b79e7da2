"""Change history of the records about a young person, kept by PostgreSQL triggers (django-pghistory).

The tracked models belong to other apps (youths, accompaniment), which must not depend on this one. So, as the audit
app does for staff accounts, each is tracked through a *proxy* declared here: the triggers sit on the other app's
table but live in this app's migrations, and the event models (`YouthEvent`, …) are tables of this app. Each event
row is a snapshot of the tracked fields after an insert or update (before a delete), with `pgh_context` holding the
signed-in person and the URL of the request (pghistory's HistoryMiddleware).

Fields are listed explicitly: a field added to a tracked model is not tracked until it is added here. Changing the
definition of a tracked field (label, choices, length) in its own app also needs `makemigrations privacy`.
Read the history through `reflex.privacy.history`; anonymisation erases it (`reflex.privacy.anonymisation`).
"""

import pghistory
from django.utils.translation import gettext_lazy as _

from accompaniment.models import Barrier, Exit, FollowUp, Pathway
from youths.models import Youth

YOUTH_FIELDS = [
    "first_name",
    "last_name",
    "nickname",
    "sex",
    "birth_date",
    "birth_year",
    "phone",
    "email",
    "social_handle",
    "neighbourhood",
    "town",
    "first_contact_on",
    "first_reached_via",
    "qualification_level",
    "left_school_on",
    "situation_at_first_contact",
    "out_of_target_confirmed",
    "information_notice_given_on",
    "consent_channel",
    "shares_with_consortium",
    "refused_consent",
    "notes",
    "lost_contact_on",
    "referent",
    "merged_into",
    "anonymised_at",
]
PATHWAY_FIELDS = ["youth", "referent", "status", "started_on", "planned_review_on", "paused_on", "ended_on"]
BARRIER_FIELDS = ["pathway", "category", "status", "identified_on", "addressed_on", "lifted_on", "notes"]
FOLLOW_UP_FIELDS = [
    "youth",
    "pathway",
    "happened_on",
    "mode",
    "duration_minutes",
    "author",
    "summary",
    "next_step",
    "confidential",
]
EXIT_FIELDS = ["pathway", "exited_on", "outcome", "notes"]


class TrackedYouth(Youth):
    class Meta:
        proxy = True
        verbose_name = _("young person (history)")


class TrackedPathway(Pathway):
    class Meta:
        proxy = True
        verbose_name = _("pathway (history)")


class TrackedBarrier(Barrier):
    class Meta:
        proxy = True
        verbose_name = _("barrier (history)")


class TrackedFollowUp(FollowUp):
    class Meta:
        proxy = True
        verbose_name = _("follow-up (history)")


class TrackedExit(Exit):
    class Meta:
        proxy = True
        verbose_name = _("exit (history)")


def _event_model(tracked_model, fields, model_name):
    return pghistory.create_event_model(
        tracked_model,
        # New trackers for each model: a tracker keeps the fields of the model it was set up for.
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(),
        pghistory.DeleteEvent(),
        fields=fields,
        model_name=model_name,
        app_label="privacy",
        obj_field=pghistory.ObjForeignKey(related_name="+"),
    )


class YouthEvent(_event_model(TrackedYouth, YOUTH_FIELDS, "BaseYouthEvent")):
    class Meta:
        verbose_name = _("change of a young person's record")


class PathwayEvent(_event_model(TrackedPathway, PATHWAY_FIELDS, "BasePathwayEvent")):
    class Meta:
        verbose_name = _("change of a pathway")


class BarrierEvent(_event_model(TrackedBarrier, BARRIER_FIELDS, "BaseBarrierEvent")):
    class Meta:
        verbose_name = _("change of a barrier")


class FollowUpEvent(_event_model(TrackedFollowUp, FOLLOW_UP_FIELDS, "BaseFollowUpEvent")):
    class Meta:
        verbose_name = _("change of a follow-up")


class ExitEvent(_event_model(TrackedExit, EXIT_FIELDS, "BaseExitEvent")):
    class Meta:
        verbose_name = _("change of an exit")
