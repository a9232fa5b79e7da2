from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("jeunes/<int:pk>/", views.youth_privacy, name="youth"),
    path("jeunes/<int:pk>/historique/", views.history, name="history"),
    path("jeunes/<int:pk>/donnees.json", views.export_json, name="export_json"),
    path("jeunes/<int:pk>/donnees.pdf", views.export_pdf, name="export_pdf"),
    path("jeunes/<int:pk>/effacer/", views.erase, name="erase"),
]
