from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("double-authentification/", views.second_factor_page, name="second_factor"),
    path("journal/", views.journal, name="journal"),
    path("comptes-bloques/", views.lockouts, name="lockouts"),
    path("comptes-bloques/debloquer/", views.unlock, name="unlock"),
]
