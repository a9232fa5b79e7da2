from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class YouthsConfig(AppConfig):
    name = "youths"
    verbose_name = _("Young people")

    def ready(self):
        from . import logging, timeline
        from .timeline_entries import record_entries

        logging.install()
        timeline.register(record_entries)
