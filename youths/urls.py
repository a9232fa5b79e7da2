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
    path("import/modele.csv", views.import_template, name="import_template"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/modifier/", views.edit, name="edit"),
    path("<int:pk>/fusionner/", views.merge, name="merge"),
]
