from django.urls import path

from .views import collective, pathways, workspace, youth

app_name = "accompaniment"

urlpatterns = [
    path("", workspace.index, name="index"),
    path("mon-suivi/", workspace.workspace, name="workspace"),
    path("tableau-de-bord/", workspace.dashboard, name="dashboard"),
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
