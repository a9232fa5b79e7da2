"""The record's own entries in the timeline: first contact, information notice, lost contact, merges."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import YouthMerge
from .timeline import TimelineEntry


def record_entries(youth, user, limit=None):
    entries = [TimelineEntry(on=youth.first_contact_on, kind="first_contact", title=_("First contact"))]
    if youth.information_notice_given_on:
        entries.append(
            TimelineEntry(
                on=youth.information_notice_given_on,
                kind="consent",
                title=_("Information notice given"),
                detail=_("Refused that a record is kept") if youth.refused_consent else "",
            )
        )
    if youth.lost_contact_on:
        entries.append(TimelineEntry(on=youth.lost_contact_on, kind="lost", title=_("Contact lost")))
    for merge in YouthMerge.objects.filter(Q(kept=youth) | Q(merged=youth)).select_related("by"):
        entries.append(
            TimelineEntry(
                on=timezone.localtime(merge.at).date(),
                kind="merge",
                title=_("Record #%(merged)s merged into this one") % {"merged": merge.merged_id}
                if merge.kept_id == youth.pk
                else _("Merged into record #%(kept)s") % {"kept": merge.kept_id},
                author=merge.by.get_full_name() if merge.by else "",
            )
        )
    return entries
