"""Starting and running a pathway: referent, review date, pause and resume, barriers, actions, exit and its checks."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partners.perms import require
from reflex import submissions
from reflex.audit.enums import AccessAction
from reflex.audit.journal import record_access

from .. import exits, perms
from ..enums import PathwayStatus
from ..forms import (
    ActionForm,
    BarrierForm,
    ExitCheckForm,
    ExitCloseForm,
    ExitForm,
    PathwayForm,
    PathwayStartForm,
    ReferentChangeForm,
)
from ..models import Barrier, Exit, Pathway
from .lookups import barrier_for, exit_check_for, individual_action_for, pathway_for, youth_for


def _check(allowed):
    if not allowed:
        raise PermissionDenied


def _to_youth(pathway_or_youth):
    youth = getattr(pathway_or_youth, "youth", pathway_or_youth)
    return redirect("accompaniment:youth", pk=youth.pk)


@require(perms.can_use_accompaniment)
def pathway_start(request, pk):
    """Coordinators, or a professional for a young person nobody refers yet. One open pathway per young person."""
    youth = youth_for(request.user, pk)
    if submissions.earlier(request):  # a replay: started already (and no longer startable)
        return _to_youth(youth)
    _check(perms.can_start_pathway(request.user, youth))
    form = PathwayStartForm(request.POST or None, youth=youth, user=request.user)
    if request.method == "POST" and submissions.has_token(request, form) and form.is_valid():
        if submissions.claim(request):
            return _to_youth(youth)
        try:
            with transaction.atomic():
                pathway = Pathway.start(
                    youth,
                    referent=form.cleaned_data["referent"],
                    by=request.user,
                    started_on=form.cleaned_data["started_on"],
                    planned_review_on=form.cleaned_data["planned_review_on"],
                )
        except IntegrityError:
            # Someone else started one between the form's check and the insert: the database constraint holds.
            form.add_error(None, _("This young person already has a pathway in progress."))
        else:
            record_access(request.user, AccessAction.CREATE, youth=youth, obj=pathway)
            messages.success(request, _("The pathway was started."))
            return _to_youth(youth)
    return render(request, "accompaniment/pathway_start.html", {"form": form, "youth": youth})


@require(perms.can_use_accompaniment)
def pathway_edit(request, pk):
    pathway = pathway_for(request.user, pk)
    _check(perms.can_manage_pathway(request.user, pathway))
    form = PathwayForm(request.POST or None, instance=pathway)
    if request.method == "POST" and form.is_valid():
        pathway = form.save(commit=False)
        pathway.version += 1
        pathway.save()
        record_access(request.user, AccessAction.CHANGE, youth=pathway.youth, obj=pathway)
        messages.success(request, _("The pathway was saved."))
        return _to_youth(pathway)
    return render(
        request, "accompaniment/pathway_form.html", {"form": form, "pathway": pathway, "youth": pathway.youth}
    )


@require(perms.can_use_accompaniment)
def pathway_referent(request, pk):
    """Coordinators assign another referent; the referent may hand over. The change is kept with its reason."""
    pathway = pathway_for(request.user, pk)
    _check(perms.can_change_referent(request.user, pathway))
    form = ReferentChangeForm(request.POST or None, pathway=pathway)
    if request.method == "POST" and form.is_valid():
        pathway.change_referent(
            form.cleaned_data["referent"],
            reason=form.cleaned_data["reason"],
            by=request.user,
            on=form.cleaned_data["changed_on"],
        )
        record_access(request.user, AccessAction.CHANGE, youth=pathway.youth, obj=pathway)
        messages.success(request, _("The referent was changed."))
        return _to_youth(pathway)
    return render(
        request, "accompaniment/referent_form.html", {"form": form, "pathway": pathway, "youth": pathway.youth}
    )


@require_POST
@require(perms.can_use_accompaniment)
def pathway_pause(request, pk):
    pathway = pathway_for(request.user, pk)
    _check(perms.can_manage_pathway(request.user, pathway))
    if pathway.status == PathwayStatus.ACTIVE:
        pathway.pause()
        record_access(request.user, AccessAction.CHANGE, youth=pathway.youth, obj=pathway)
        messages.success(request, _("The pathway is paused."))
    return _to_youth(pathway)


@require_POST
@require(perms.can_use_accompaniment)
def pathway_resume(request, pk):
    pathway = pathway_for(request.user, pk)
    _check(perms.can_manage_pathway(request.user, pathway))
    if pathway.status == PathwayStatus.PAUSED:
        pathway.resume()
        record_access(request.user, AccessAction.CHANGE, youth=pathway.youth, obj=pathway)
        messages.success(request, _("The pathway is resumed."))
    return _to_youth(pathway)


def _barrier_form(request, pathway, barrier):
    _check(perms.can_manage_pathway(request.user, pathway))
    if barrier is None and submissions.earlier(request):  # a replay: recorded already
        return _to_youth(pathway)
    form = BarrierForm(
        request.POST or None,
        instance=barrier or Barrier(pathway=pathway, created_by=request.user),
        user=request.user,
        youth=pathway.youth,
    )
    creating = barrier is None
    if request.method == "POST" and (not creating or submissions.has_token(request, form)) and form.is_valid():
        if creating and submissions.claim(request):
            return _to_youth(pathway)
        saved = form.save()
        action = AccessAction.CHANGE if barrier else AccessAction.CREATE
        record_access(request.user, action, youth=pathway.youth, obj=saved)
        messages.success(request, _("The barrier was saved."))
        return _to_youth(pathway)
    return render(
        request,
        "accompaniment/barrier_form.html",
        {"form": form, "pathway": pathway, "youth": pathway.youth, "barrier": barrier},
    )


@require(perms.can_use_accompaniment)
def barrier_create(request, pathway_pk):
    """The referent and coordinators record barriers."""
    return _barrier_form(request, pathway_for(request.user, pathway_pk), None)


@require(perms.can_use_accompaniment)
def barrier_edit(request, pk):
    """The referent and coordinators move a barrier along: identified → being addressed → lifted."""
    barrier = barrier_for(request.user, pk)
    return _barrier_form(request, barrier.pathway, barrier)


@require(perms.can_use_accompaniment)
def action_create(request, pathway_pk):
    """Anyone who may see the young person adds an individual action to their pathway."""
    pathway = pathway_for(request.user, pathway_pk)
    if submissions.earlier(request):  # a replay: added already
        return _to_youth(pathway)
    _check(pathway.is_open and perms.can_add_action(request.user, pathway.youth))
    form = ActionForm(
        request.POST or None, pathway=pathway, initial={"provider_organisation": request.user.organisation}
    )
    if request.method == "POST" and submissions.has_token(request, form) and form.is_valid():
        if submissions.claim(request):
            return _to_youth(pathway)
        form.instance.created_by = request.user
        action = form.save()
        record_access(request.user, AccessAction.CREATE, youth=pathway.youth, obj=action)
        messages.success(request, _("The action was saved."))
        return _to_youth(pathway)
    return render(
        request, "accompaniment/action_form.html", {"form": form, "pathway": pathway, "youth": pathway.youth}
    )


@require(perms.can_use_accompaniment)
def action_edit(request, pk):
    action = individual_action_for(request.user, pk)
    pathway = action.pathway
    _check(perms.can_edit_action(request.user, action))
    form = ActionForm(request.POST or None, instance=action, pathway=pathway)
    if request.method == "POST" and form.is_valid():
        action = form.save()
        record_access(request.user, AccessAction.CHANGE, youth=pathway.youth, obj=action)
        messages.success(request, _("The action was saved."))
        return _to_youth(pathway)
    return render(
        request,
        "accompaniment/action_form.html",
        {"form": form, "pathway": pathway, "youth": pathway.youth, "action": action},
    )


@require(perms.can_use_accompaniment)
def exit_create(request, pathway_pk):
    """The referent or a coordinator ends the pathway with its outcome; job and training exits get +3/+6 checks."""
    pathway = pathway_for(request.user, pathway_pk)
    _check(perms.can_manage_pathway(request.user, pathway))
    if submissions.earlier(request):  # a replay: the pathway has ended with the first post
        return _to_youth(pathway)
    if not pathway.is_open:
        messages.info(request, _("This pathway has already ended."))
        return _to_youth(pathway)
    form = ExitForm(request.POST or None, pathway=pathway)
    if request.method == "POST" and submissions.has_token(request, form) and form.is_valid():
        if submissions.claim(request):
            return _to_youth(pathway)
        exit = Exit.record(
            pathway,
            outcome=form.cleaned_data["outcome"],
            exited_on=form.cleaned_data["exited_on"],
            notes=form.cleaned_data["notes"],
            by=request.user,
            **form.details(),
        )
        record_access(request.user, AccessAction.CREATE, youth=pathway.youth, obj=exit)
        messages.success(request, _("The exit was recorded and the pathway ended."))
        if any(exits.open_items(pathway)):
            return redirect("accompaniment:exit_close", pathway_pk=pathway.pk)
        return _to_youth(pathway)
    return render(request, "accompaniment/exit_form.html", {"form": form, "pathway": pathway, "youth": pathway.youth})


@require(perms.can_use_accompaniment)
def exit_check(request, pk):
    """The referent (or a coordinator) records whether the job or training held."""
    check = exit_check_for(request.user, pk)
    pathway = check.exit.pathway
    _check(perms.can_manage_pathway(request.user, pathway))
    form = ExitCheckForm(request.POST or None, instance=check)
    if request.method == "POST" and form.is_valid():
        check = form.save(commit=False)
        check.checked_by = request.user
        check.save()
        record_access(request.user, AccessAction.CHANGE, youth=pathway.youth, obj=check)
        messages.success(request, _("The check was recorded."))
        return _to_youth(pathway)
    return render(request, "accompaniment/exit_check_form.html", {"form": form, "check": check, "pathway": pathway})


@require(perms.can_use_accompaniment)
def exit_close(request, pathway_pk):
    """After the exit, the referent (or a coordinator) closes in one step what the pathway still holds open: barriers,
    planned actions, future appointments; each keeps the exit that closed it."""
    pathway = pathway_for(request.user, pathway_pk)
    _check(perms.can_manage_pathway(request.user, pathway))
    exit = getattr(pathway, "exit", None)
    if exit is None:
        return _to_youth(pathway)
    barriers, actions, appointments = exits.open_items(pathway)
    form = ExitCloseForm(request.POST or None, barriers=barriers, actions=actions, appointments=appointments)
    if request.method == "POST" and form.is_valid():
        exits.close_loop(exit, by=request.user, **form.decisions())
        record_access(request.user, AccessAction.CHANGE, youth=pathway.youth, obj=exit)
        messages.success(request, _("What the pathway still held open is closed."))
        return _to_youth(pathway)
    return render(
        request,
        "accompaniment/exit_close.html",
        {"form": form, "pathway": pathway, "youth": pathway.youth, "exit": exit, "nothing_open": not form.fields},
    )
