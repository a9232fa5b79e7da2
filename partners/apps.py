from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

STAFF_COLUMNS_READ = ("organisation_id", "first_name", "last_name", "email", "role", "is_active")


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Consortium")

    def ready(self):
        from . import staff_options
        from .models import User

        staff_options.connect(User)
        from reflex.data_version import register_source_tables

        from .models import Neighbourhood, Organisation, Programme

        # Read by the indicators and the dashboard (cached under the data version). Of staff accounts, only these
        # columns: the referent's organisation, their name, role and whether the account is active.
        register_source_tables(Programme, Organisation, Neighbourhood)
        register_source_tables(User, columns=STAFF_COLUMNS_READ)
