from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccompanimentConfig(AppConfig):
    name = "accompaniment"
    verbose_name = _("Accompaniment")

    def ready(self):
        from youths import duplicates, funnel, timeline

        from . import youth_facts

        for name, factory in youth_facts.FUNNEL_FACTS.items():
            if name in funnel.FACT_NAMES:
                funnel.register_fact(name, factory)
        for model, youth_path in youth_facts.FUNNEL_SOURCES:
            funnel.register_source(model, youth_path)
        timeline.register(youth_facts.timeline_entries)
        duplicates.register_merge_step(youth_facts.referents_after_merge)
        from reflex.data_version import register_source_tables

        from .models import Action, Barrier, Exit, ExitCheck, Participation, Pathway

        register_source_tables(Pathway, Exit, ExitCheck, Barrier, Action, Participation)  # read by cached figures
