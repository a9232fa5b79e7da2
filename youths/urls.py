from django.urls import path

from . import views

app_name = "youths"

urlpatterns = [
    path("", views.list_youths, name="list"),
    path("recherche/", views.search, name="search"),
    path("nouveau/", views.create, name="create"),
    path("export.<str:fmt>", views.export, name="export"),
    path("import/", views.import_upload, name="import"),
    path("import/apercu/", views.import_preview, name="import_preview"),
    path("import/<int:pk>/", views.import_detail, name="import_detail"),
    path("import/<int:pk>/confirmer/", views.import_confirm, name="import_confirm"),
    path("import/<int:pk>/annuler/", views.import_cancel, name="import_cancel"),
    path("import/modele.csv", views.import_template, name="import_template"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/modifier/", views.edit, name="edit"),
    path("<int:pk>/fusionner/", views.merge, name="merge"),
]
