"""Collective actions (workshop, job dating, sport, prevention day) and their participants."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partners.perms import require
from reflex import submissions
from reflex.audit.enums import AccessAction
from reflex.audit.journal import record_access

from .. import perms
from ..enums import ActionKind, Attendance
from ..forms import ActionForm, AttendanceForm
from ..models import Action, Participation
from .lookups import collective_action_for, participation_for, visible_youths


@require(perms.can_use_accompaniment)
def collective_list(request):
    """Every collective action of the consortium, with participant counts (no names)."""
    actions = (
        Action.objects.filter(kind=ActionKind.COLLECTIVE)
        .select_related("provider_organisation")
        .annotate(
            participant_count=Count("participations"),
            present_count=Count("participations", filter=Q(participations__attendance=Attendance.PRESENT)),
        )
        .order_by("-starts_on", "-pk")[:200]
    )
    return render(request, "accompaniment/collective_list.html", {"actions": actions})


@require(perms.can_use_accompaniment)
def collective_edit(request, pk=None):
    action = collective_action_for(request.user, pk) if pk else None
    if action is not None and not perms.can_manage_collective_action(request.user, action):
        raise PermissionDenied
    if action is None and (done := submissions.earlier(request)):  # a replay: created already
        return redirect(done.result_url or "accompaniment:collective_list")
    form = ActionForm(
        request.POST or None, instance=action, initial={"provider_organisation": request.user.organisation}
    )
    creating = action is None
    if request.method == "POST" and (not creating or submissions.has_token(request, form)) and form.is_valid():
        if creating:
            if earlier := submissions.claim(request):
                return redirect(earlier.result_url or "accompaniment:collective_list")
            form.instance.created_by = request.user
        action = form.save()
        messages.success(request, _("The collective action was saved."))
        return submissions.answered(request, redirect("accompaniment:collective_detail", pk=action.pk))
    return render(request, "accompaniment/collective_form.html", {"form": form, "action": action})


def _participants_context(request, action, error=""):
    """Participants this user may know of; the others are counted, not named."""
    visible = visible_youths(request.user)
    participations = list(action.participations.filter(youth__in=visible).select_related("youth"))
    return {
        "action": action,
        "participations": participations,
        "hidden_count": action.participations.exclude(youth__in=visible).count(),
        "attendance_choices": Attendance.choices,
        "error": error,
    }


@require(perms.can_use_accompaniment)
def collective_detail(request, pk):
    action = collective_action_for(request.user, pk)
    context = _participants_context(request, action)
    for participation in context["participations"]:
        record_access(request.user, AccessAction.VIEW, youth=participation.youth_id, obj=action)
    return render(request, "accompaniment/collective_detail.html", context)


@require_POST
@require(perms.can_use_accompaniment)
def participant_add(request, pk):
    action = collective_action_for(request.user, pk)
    if not perms.can_manage_collective_action(request.user, action):
        raise PermissionDenied
    youth_id = request.POST.get("youth", "")
    youth = visible_youths(request.user).filter(pk=youth_id).first() if youth_id.isdigit() else None
    error = ""
    if submissions.earlier(request):  # a double click or a replay: added already
        pass
    elif youth is None:
        error = _("Choose a young person from the list.")
    elif not submissions.has_token(request):
        error = str(submissions.MISSING_TOKEN_MESSAGE)
    elif not submissions.claim(request):  # else two posts at once: the first one added them
        participation, created = Participation.objects.get_or_create(
            action=action, youth=youth, defaults={"added_by": request.user}
        )
        if created:
            record_access(request.user, AccessAction.CHANGE, youth=youth, obj=action)
    if request.htmx:
        return render(request, "accompaniment/_participants.html", _participants_context(request, action, error))
    if error:
        messages.error(request, error)
    return redirect("accompaniment:collective_detail", pk=action.pk)


@require_POST
@require(perms.can_use_accompaniment)
def participant_attendance(request, pk):
    participation = participation_for(request.user, pk)
    action = participation.action
    if not perms.can_manage_collective_action(request.user, action):
        raise PermissionDenied
    form = AttendanceForm(request.POST)
    if form.is_valid():
        participation.attendance = form.cleaned_data["attendance"]
        participation.save(update_fields=["attendance"])
        record_access(request.user, AccessAction.CHANGE, youth=participation.youth, obj=action)
    else:
        messages.error(request, _("Choose an attendance status."))
    if request.htmx:
        return render(request, "accompaniment/_participants.html", _participants_context(request, action))
    return redirect("accompaniment:collective_detail", pk=action.pk)


@require_POST
@require(perms.can_use_accompaniment)
def participant_remove(request, pk):
    participation = participation_for(request.user, pk)
    action = participation.action
    if not perms.can_manage_collective_action(request.user, action):
        raise PermissionDenied
    record_access(request.user, AccessAction.CHANGE, youth=participation.youth, obj=action)
    participation.delete()
    if request.htmx:
        return render(request, "accompaniment/_participants.html", _participants_context(request, action))
    return redirect("accompaniment:collective_detail", pk=action.pk)
