from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("programme/", views.programme_edit, name="programme"),
    path("quartiers/", views.neighbourhood_list, name="neighbourhoods"),
    path("quartiers/nouveau/", views.neighbourhood_edit, name="neighbourhood_create"),
    path("quartiers/<int:pk>/", views.neighbourhood_edit, name="neighbourhood_edit"),
    path("equipe/", views.staff_list, name="staff"),
    path("equipe/nouveau/", views.staff_edit, name="staff_create"),
    path("equipe/<int:pk>/", views.staff_edit, name="staff_edit"),
]
