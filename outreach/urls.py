from django.urls import path, re_path

from .views import analytics, field, logging, online, places, planning, relays, schedule, self_registration

app_name = "outreach"

urlpatterns = [
    path("", planning.index, name="index"),
    path("mois/", planning.month, name="month"),
    path("sorties/nouvelle/", planning.session_create, name="session_create"),
    path("sorties/<int:pk>/", planning.session_detail, name="session_detail"),
    path("sorties/<int:pk>/modifier/", planning.session_edit, name="session_edit"),
    path("sorties/<int:pk>/annuler/", planning.session_cancel, name="session_cancel"),
    path("sorties/compte-rendu/", logging.session_log_new, name="session_log_new"),
    path("sorties/<int:pk>/compte-rendu/", logging.session_log, name="session_log"),
    path("sorties/<int:pk>/rencontres/", logging.tally_add, name="tally_add"),
    path("sorties/<int:pk>/rencontres/<int:tally_pk>/supprimer/", logging.tally_delete, name="tally_delete"),
    path("sorties/<int:pk>/contacts/", logging.contact_add, name="contact_add"),
    path("sorties/<int:pk>/contacts/<int:contact_pk>/supprimer/", logging.contact_delete, name="contact_delete"),
    path("terrain/", field.field_home, name="field_home"),
    path("terrain/<int:pk>/", field.field_session, name="field_session"),
    path("terrain/<int:pk>/fin/", field.field_finish, name="field_finish"),
    path("terrain/saisies/", field.field_sync, name="field_sync"),
    path("terrain/recherche/", field.field_search, name="field_search"),
    path("terrain/sw.js", field.service_worker, name="field_sw"),
    path("terrain/manifest.webmanifest", field.manifest, name="field_manifest"),
    path("sorties/<int:pk>/affiche/", self_registration.session_poster, name="session_poster"),
    path("lieux/<int:pk>/affiche/", self_registration.place_poster, name="place_poster"),
    path(
        "terrain/<int:pk>/inscriptions/<int:registration_pk>/",
        self_registration.registration_decide,
        name="registration_decide",
    ),
    # Public: the address a poster's QR code holds (a signed token, see outreach/self_registration.py).
    re_path(r"^inscription/(?P<token>[A-Za-z0-9_:.-]{10,200})/$", self_registration.register, name="self_register"),
    path("lieux/", places.place_list, name="places"),
    path("lieux/nouveau/", places.place_edit, name="place_create"),
    path("lieux/<int:pk>/", places.place_edit, name="place_edit"),
    path("numerique/", online.online_list, name="online_list"),
    path("numerique/nouvelle/", online.online_create, name="online_create"),
    path("numerique/<int:pk>/", online.online_edit, name="online_edit"),
    path("numerique/<int:pk>/jeunes/", online.online_youth_add, name="online_youth_add"),
    path("numerique/<int:pk>/jeunes/<int:youth_pk>/retirer/", online.online_youth_remove, name="online_youth_remove"),
    path("analyse/", analytics.analytics_page, name="analytics"),
    path("planning-conseille/", schedule.schedule_page, name="schedule"),
    path("relais/", relays.relay_list, name="relays"),
    path("relais/<int:pk>/", relays.relay_edit, name="relay_edit"),
    path("planning-conseille/planifier/", schedule.schedule_plan, name="schedule_plan"),
    path("planning-conseille/planifier-creneaux/", schedule.schedule_plan_slots, name="schedule_plan_slots"),
    path("planning-conseille/periodes/", schedule.marked_period_add, name="marked_period_add"),
    path("planning-conseille/contours/", schedule.territory_upload, name="territory_upload"),
    path(
        "planning-conseille/periodes/<int:pk>/supprimer/", schedule.marked_period_delete, name="marked_period_delete"
    ),
    path("agenda/", planning.feeds, name="feeds"),
    path("agenda/nouvelle-adresse/", planning.feed_regenerate, name="feed_regenerate"),
    # A regular expression for the token's shape: the feed is public (calendar apps cannot log in).
    re_path(r"^agenda/(?P<token>[A-Za-z0-9_-]{20,64})\.ics$", planning.feed, name="feed"),
]
