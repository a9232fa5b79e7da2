from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class YouthsConfig(AppConfig):
    name = "youths"
    verbose_name = _("Young people")

    def ready(self):
        from django.db.models.signals import post_delete

        from reflex import data_version, derived_data

        from . import funnel, keys, logging, timeline
        from .models import FunnelFacts, Youth
        from .timeline_entries import record_entries

        logging.install()
        funnel.register_source(Youth, "pk")  # identity, notice, first contact, lost contact, merge
        post_delete.connect(funnel.forget_deleted_youth, sender=Youth, dispatch_uid="youths.funnel.forget_deleted")
        timeline.register(record_entries)
        data_version.register_source_tables(Youth, FunnelFacts)  # read by cached figures
        derived_data.register(
            derived_data.DerivedCopy("youths.FunnelFacts", stale=funnel.stale_youth_ids, repair=funnel.refresh)
        )
        derived_data.register(
            derived_data.DerivedCopy("youths.identity_keys", stale=keys.stale_key_ids, repair=keys.refresh_keys)
        )
