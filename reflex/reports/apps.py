from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reflex.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import live

        # Tables other apps create after migration 0003 get their trigger too (see live.py).
        post_migrate.connect(live.install_triggers, sender=self, dispatch_uid="reports.install_triggers")
