from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("double-authentification/", views.second_factor_page, name="second_factor"),
    path("double-authentification/activation/<str:token>/", views.enrolment_link, name="enrol"),
    path("double-authentification/codes-de-secours/", views.backup_codes, name="backup_codes"),
    path("double-authentification/codes-de-secours/nouveaux/", views.renew_backup_codes, name="backup_codes_renew"),
    path("journal/", views.journal, name="journal"),
    path("comptes-bloques/", views.lockouts, name="lockouts"),
    path("comptes-bloques/debloquer/", views.unlock, name="unlock"),
]
