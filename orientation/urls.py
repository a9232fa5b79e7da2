from django.urls import path

from .views import directory, orientations

app_name = "orientation"

urlpatterns = [
    path("", directory.directory, name="directory"),
    path("services/nouveau/", directory.service_edit, name="service_create"),
    path("services/<int:pk>/", directory.service_detail, name="service"),
    path("services/<int:pk>/modifier/", directory.service_edit, name="service_edit"),
    path("services/<int:pk>/fiche/", directory.service_card, name="service_card"),
    path("structures/nouvelle/", directory.structure_edit, name="structure_create"),
    path("structures/<int:pk>/modifier/", directory.structure_edit, name="structure_edit"),
    path("import/", directory.import_upload, name="import"),
    path("import/<int:pk>/", directory.import_preview, name="import_preview"),
    path("import/<int:pk>/appliquer/", directory.import_apply, name="import_apply"),
    path("freins/<int:barrier_pk>/orienter/", orientations.orientation_create, name="create"),
    path("orientations/", orientations.my_orientations, name="mine"),
    path("orientations/<int:pk>/", orientations.orientation_detail, name="detail"),
    path("orientations/<int:pk>/reponse/", orientations.orientation_answer, name="answer"),
    path("chiffres/", orientations.figures_page, name="figures"),
]
