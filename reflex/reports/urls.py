from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("financeur/generer/", views.generate_funder, name="generate_funder"),
    path("aller-vers/generer/", views.generate_outreach, name="generate_outreach"),
    path("jeune/<int:youth_id>/", views.youth_report, name="youth_report"),
    path("archives/", views.archive, name="archive"),
    path("glossaire/", views.glossary, name="glossary"),
    path("indicateurs/", views.indicators_page, name="indicators"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/etat/", views.status, name="status"),
    path("<int:pk>/telecharger/", views.download, name="download"),
    path("<int:pk>/indicateurs.xlsx", views.export_xlsx, name="xlsx"),
    path("<int:pk>/relancer/", views.restart, name="restart"),
    path("<int:pk>/publier/", views.publish, name="publish"),
    path("<int:pk>/retirer/", views.withdraw, name="withdraw"),
]
