from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "outreach"
    verbose_name = _("Outreach")

    def ready(self):
        from reflex import derived_data

        from . import session_figures, youth_facts

        youth_facts.register()
        session_figures.register()
        for copy in session_figures.DERIVED_COPIES:
            derived_data.register(copy)
        from reflex.data_version import register_source_tables

        from .models import (
            EncounterTally,
            FirstNamedContact,
            NamedContact,
            OnlineOutreach,
            OutreachSession,
            Place,
            SessionFigures,
        )

        register_source_tables(  # read by cached figures (indicators, analytics)
            OutreachSession,
            OutreachSession.staff.through,
            EncounterTally,
            NamedContact,
            Place,
            OnlineOutreach,
            OnlineOutreach.staff.through,
            OnlineOutreach.youths.through,
            SessionFigures,
            FirstNamedContact,
        )
