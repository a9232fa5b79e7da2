from django.urls import path

from . import views

app_name = "youths"

urlpatterns = [
    path("", views.list_youths, name="list"),
    path("recherche/", views.search, name="search"),
    path("nouveau/", views.create, name="create"),
    path("export.<str:fmt>", views.export, name="export"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/modifier/", views.edit, name="edit"),
    path("<int:pk>/fusionner/", views.merge, name="merge"),
]
