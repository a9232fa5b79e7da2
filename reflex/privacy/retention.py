"""Retention: two years (RETENTION_YEARS) after their last contact, a young person's record is anonymised.

The last contact is the funnel's `last_contact_on` (youths' `with_stage()`: the latest outreach contact, follow-up…,
never earlier than the first contact). The access journal ages out at the same time (purge_older_entries), and
so do the QR code form's journal and its registrations nobody decided (outreach.self_registration.forget_old), and
the outreach relays not recorded on any session since the cutoff (outreach.relays.due_for_deletion).
Run by `manage.py apply_retention [--dry-run]` and the daily task `reflex.privacy.tasks.apply_retention_task`.
"""

import calendar
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone

from outreach import relays, self_registration
from reflex.audit.journal import purge_cutoff, purge_older_entries
from reflex.audit.models import AccessEntry
from youths.models import Youth

from .anonymisation import anonymise_youth


def retention_cutoff(today=None):
    """Young people whose last contact is before this day are anonymised."""
    today = today or timezone.localdate()
    year = today.year - settings.RETENTION_YEARS
    return today.replace(year=year, day=min(today.day, calendar.monthrange(year, today.month)[1]))


def due_for_anonymisation(today=None):
    """Current records, not anonymised yet, with no contact since the cutoff (records merged into another one follow
    the record kept)."""
    return (
        Youth.objects.current()
        .filter(anonymised_at__isnull=True)
        .with_stage()
        .annotate(retained_from=Coalesce(F("last_contact_on"), F("first_contact_on")))
        .filter(retained_from__lt=retention_cutoff(today))
        .order_by("pk")
    )


@dataclass
class RetentionResult:
    cutoff: object
    youth_ids: list = field(default_factory=list)
    journal_entries: int = 0
    relays: int = 0
    dry_run: bool = False

    def as_dict(self):
        return {
            "cutoff": self.cutoff.isoformat(),
            "youth_ids": self.youth_ids,
            "anonymised": 0 if self.dry_run else len(self.youth_ids),
            "journal_entries_purged": 0 if self.dry_run else self.journal_entries,
            "relays_deleted": 0 if self.dry_run else self.relays,
            "dry_run": self.dry_run,
        }


def apply_retention(today=None, *, dry_run=False):
    """Anonymise every record due, then purge the old access journal. With dry_run, only say what would be done."""
    result = RetentionResult(cutoff=retention_cutoff(today), dry_run=dry_run)
    result.youth_ids = list(due_for_anonymisation(today).values_list("pk", flat=True))
    old_relays = relays.due_for_deletion(result.cutoff)
    if dry_run:
        result.journal_entries = AccessEntry.objects.filter(at__lt=purge_cutoff()).count()
        result.relays = old_relays.count()
        return result
    for youth in Youth.objects.filter(pk__in=result.youth_ids).only("pk"):
        anonymise_youth(youth)
    result.journal_entries = purge_older_entries()
    self_registration.forget_old(journal_before=purge_cutoff())
    result.relays, _by_model = old_relays.delete()
    purge_working_copies()
    return result


def purge_working_copies(now=None):
    """Copies kept only while they serve: the lines of imports left unconfirmed for a day (personal data), the
    one-time tokens of forms posted more than 30 days ago."""
    from reflex.submissions.models import Submission
    from youths.enums import ImportStatus
    from youths.models import PendingImport

    now = now or timezone.now()
    PendingImport.objects.filter(created_at__lt=now - timedelta(days=1)).exclude(
        status__in=[ImportStatus.QUEUED, ImportStatus.WRITING]
    ).delete()
    Submission.objects.filter(created_at__lt=now - timedelta(days=30)).delete()
