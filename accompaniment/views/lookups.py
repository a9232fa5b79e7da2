"""Get the object for this user (404 for what they may not know exists), with what the page needs joined."""

from django.shortcuts import get_object_or_404

from youths.models import Youth

from ..models import Action, Appointment, Barrier, ExitCheck, FollowUp, Participation, Pathway, Todo


def visible_youths(user):
    return Youth.objects.visible_to(user).filter(merged_into__isnull=True)


def youth_for(user, pk):
    return get_object_or_404(visible_youths(user).select_related("referent"), pk=pk)


def pathway_for(user, pk):
    return get_object_or_404(
        Pathway.objects.filter(youth__in=visible_youths(user)).select_related("youth__referent", "referent"), pk=pk
    )


def follow_up_for(user, pk):
    return get_object_or_404(
        FollowUp.objects.filter(youth__in=visible_youths(user)).select_related("youth__referent", "author"), pk=pk
    )


def individual_action_for(user, pk):
    return get_object_or_404(
        Action.objects.filter(pathway__youth__in=visible_youths(user)).select_related(
            "pathway__youth__referent", "pathway__referent"
        ),
        pk=pk,
    )


def collective_action_for(user, pk):
    return get_object_or_404(Action.objects.filter(kind="collective").select_related("provider_organisation"), pk=pk)


def participation_for(user, pk):
    return get_object_or_404(
        Participation.objects.filter(youth__in=visible_youths(user)).select_related("action", "youth"), pk=pk
    )


def exit_check_for(user, pk):
    return get_object_or_404(
        ExitCheck.objects.filter(exit__pathway__youth__in=visible_youths(user)).select_related(
            "exit__pathway__youth__referent", "exit__pathway__referent"
        ),
        pk=pk,
    )


def barrier_for(user, pk):
    return get_object_or_404(
        Barrier.objects.filter(pathway__youth__in=visible_youths(user)).select_related(
            "pathway__youth__referent", "pathway__referent", "created_by"
        ),
        pk=pk,
    )


def appointment_for(user, pk):
    return get_object_or_404(
        Appointment.objects.filter(youth__in=visible_youths(user)).select_related("youth__referent", "staff"), pk=pk
    )


def todo_for(user, pk):
    return get_object_or_404(
        Todo.objects.filter(youth__in=visible_youths(user)).select_related("youth__referent"), pk=pk
    )
