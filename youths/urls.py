from django.urls import path

from . import views

app_name = "youths"

urlpatterns = [
    path("", views.index, name="index"),
    path("liste/", views.index, name="list"),
]
