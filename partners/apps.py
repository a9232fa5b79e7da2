from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Consortium")

    def ready(self):
        from . import staff_options
        from .models import User

        staff_options.connect(User)
