from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "reflex.privacy"
    label = "privacy"
    verbose_name = _("Privacy")

    def ready(self):
        from django.db.models.signals import post_save

        from youths.models import Youth

        from .anonymisation import forget_refused_identity

        post_save.connect(forget_refused_identity, sender=Youth, dispatch_uid="privacy_forget_refused_identity")
