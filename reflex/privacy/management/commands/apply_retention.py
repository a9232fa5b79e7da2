"""manage.py apply_retention [--dry-run]: anonymise young people with no contact for RETENTION_YEARS years."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from reflex.privacy.retention import apply_retention


class Command(BaseCommand):
    help = "Anonymise young people with no contact for RETENTION_YEARS years and purge the old access journal."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List what would be done, change nothing.")

    def handle(self, *args, dry_run=False, **options):
        result = apply_retention(dry_run=dry_run)
        ids = ", ".join(str(pk) for pk in result.youth_ids) or "–"
        cutoff = result.cutoff.strftime("%d/%m/%Y")
        if dry_run:
            self.stdout.write(_("Dry run: nothing was changed."))
            self.stdout.write(
                _("%(count)d young people with no contact since %(cutoff)s would be anonymised: %(ids)s")
                % {"count": len(result.youth_ids), "cutoff": cutoff, "ids": ids}
            )
            self.stdout.write(
                _("%(count)d access journal entries would be purged.") % {"count": result.journal_entries}
            )
            return
        self.stdout.write(
            _("%(count)d young people with no contact since %(cutoff)s anonymised: %(ids)s")
            % {"count": len(result.youth_ids), "cutoff": cutoff, "ids": ids}
        )
        self.stdout.write(_("%(count)d access journal entries purged.") % {"count": result.journal_entries})
