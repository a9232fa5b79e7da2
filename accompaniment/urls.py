from django.urls import path, re_path

from .views import appointments, collective, coordination, pathways, workspace, youth

app_name = "accompaniment"

urlpatterns = [
    path("", workspace.index, name="index"),
    path("mon-suivi/", workspace.workspace, name="workspace"),
    path("tableau-de-bord/", workspace.dashboard, name="dashboard"),
    path("en-attente/", coordination.waiting_list, name="waiting_list"),
    path("referents/<int:pk>/", coordination.referent_caseload, name="referent_caseload"),
    path("agenda/", appointments.agenda_page, name="agenda"),
    path("agenda/abonnement/", appointments.feed_page, name="appointment_feeds"),
    path("agenda/nouvelle-adresse/", appointments.feed_regenerate, name="appointment_feed_regenerate"),
    # A regular expression for the token's shape: the feed is public (calendar apps cannot log in).
    re_path(r"^agenda/(?P<token>[A-Za-z0-9_-]{20,64})\.ics$", appointments.feed, name="appointment_feed"),
    path("jeune/<int:pk>/rendez-vous/nouveau/", appointments.appointment_create, name="appointment_create"),
    path("jeune/<int:pk>/rappels/", appointments.reminder_consent, name="reminder_consent"),
    path("rendez-vous/<int:pk>/modifier/", appointments.appointment_edit, name="appointment_edit"),
    path("rendez-vous/<int:pk>/statut/", appointments.appointment_mark, name="appointment_mark"),
    path("a-faire/<int:pk>/fait/", appointments.todo_tick, name="todo_tick"),
    # A young person's accompaniment (numeric ids only)
    path("jeune/<int:pk>/", youth.youth_page, name="youth"),
    path("jeune/<int:pk>/panneau/", youth.youth_panel, name="youth_panel"),
    path("jeune/<int:pk>/suivis/nouveau/", youth.follow_up_create, name="follow_up_create"),
    path("jeune/<int:pk>/parcours/nouveau/", pathways.pathway_start, name="pathway_start"),
    path("suivis/<int:pk>/modifier/", youth.follow_up_edit, name="follow_up_edit"),
    path("suivis/<int:pk>/supprimer/", youth.follow_up_delete, name="follow_up_delete"),
    path("parcours/<int:pk>/modifier/", pathways.pathway_edit, name="pathway_edit"),
    path("parcours/<int:pk>/referent/", pathways.pathway_referent, name="pathway_referent"),
    path("parcours/<int:pk>/pause/", pathways.pathway_pause, name="pathway_pause"),
    path("parcours/<int:pk>/reprise/", pathways.pathway_resume, name="pathway_resume"),
    path("parcours/<int:pathway_pk>/freins/nouveau/", pathways.barrier_create, name="barrier_create"),
    path("freins/<int:pk>/modifier/", pathways.barrier_edit, name="barrier_edit"),
    path("parcours/<int:pathway_pk>/actions/nouvelle/", pathways.action_create, name="action_create"),
    path("actions/<int:pk>/modifier/", pathways.action_edit, name="action_edit"),
    path("parcours/<int:pathway_pk>/sortie/", pathways.exit_create, name="exit_create"),
    path("parcours/<int:pathway_pk>/sortie/cloture/", pathways.exit_close, name="exit_close"),
    path("verifications/<int:pk>/", pathways.exit_check, name="exit_check"),
    # Collective actions
    path("actions-collectives/", collective.collective_list, name="collective_list"),
    path("actions-collectives/nouvelle/", collective.collective_edit, name="collective_create"),
    path("actions-collectives/<int:pk>/", collective.collective_detail, name="collective_detail"),
    path("actions-collectives/<int:pk>/modifier/", collective.collective_edit, name="collective_edit"),
    path("actions-collectives/<int:pk>/participants/", collective.participant_add, name="participant_add"),
    path("participants/<int:pk>/presence/", collective.participant_attendance, name="participant_attendance"),
    path("participants/<int:pk>/retirer/", collective.participant_remove, name="participant_remove"),
]
