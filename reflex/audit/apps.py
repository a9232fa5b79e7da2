from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "reflex.audit"
    label = "audit"
    verbose_name = _("Access journal")

    def ready(self):
        from django.conf import settings
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_save

        from . import checks  # noqa: F401  (registers the deploy check of the database role)
        from .second_factor import on_login
        from .sessions import end_sessions_of_deactivated

        user_logged_in.connect(on_login, dispatch_uid="audit_second_factor_on_login")
        post_save.connect(
            end_sessions_of_deactivated, sender=settings.AUTH_USER_MODEL, dispatch_uid="audit_end_sessions"
        )
