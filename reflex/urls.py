from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from . import views
from .mail import BackgroundPasswordResetForm

handler500 = "reflex.busy.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("compte/logout/", views.logout, name="logout"),
    # Password e-mails are sent by the worker (reflex/mail.py), not inside the request.
    path(
        "compte/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=BackgroundPasswordResetForm),
        name="password_reset",
    ),
    path("compte/", include("django.contrib.auth.urls")),
    path("langue/", login_not_required(set_language), name="set_language"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("consortium/", include("partners.urls")),
    path("jeunes/", include("youths.urls")),
    path("aller-vers/", include("outreach.urls")),
    path("accompagnement/", include("accompaniment.urls")),
    path("orientation/", include("orientation.urls")),
    path("rapports/", include("reflex.reports.urls")),
    path("securite/", include("reflex.audit.urls")),
    path("confidentialite/", include("reflex.privacy.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
