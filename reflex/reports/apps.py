from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reflex.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from django.db.models.signals import post_migrate

        from reflex import derived_data

        from . import derived_check, live

        # Tables other apps create after migration 0003 get their trigger too (see live.py).
        post_migrate.connect(live.install_triggers, sender=self, dispatch_uid="reports.install_triggers")
        # The daily check of the stored copies: a first run queued for the worker (it fills copies a migration
        # added), which then queues the next one each night.
        post_migrate.connect(
            derived_check.ensure_scheduled_after_migrate, sender=self, dispatch_uid="reports.derived_check"
        )
        derived_data.register(
            derived_data.DerivedCopy(
                "reports.data_version_triggers",
                stale=live.tables_without_trigger,
                repair=live.repair_triggers,
            )
        )
