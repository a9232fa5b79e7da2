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
