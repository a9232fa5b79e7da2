"""Orienting a barrier to a service, the answer (the partner's contact person, or the referent for an outside
service), the list of what each person follows, and the figures. Every orientation read or answered is journaled."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accompaniment.views.lookups import barrier_for, visible_youths
from partners.perms import require
from reflex import submissions
from reflex.audit.enums import AccessAction
from reflex.audit.journal import record_access

from .. import figures, perms
from ..enums import OrientationStatus
from ..forms import AnswerForm, OrientationForm
from ..models import Orientation

OPEN_STATUSES = (OrientationStatus.SENT, OrientationStatus.ACCEPTED)


def _check(allowed):
    if not allowed:
        raise PermissionDenied


def _orientations():
    return Orientation.objects.select_related(
        "barrier__pathway__youth__referent",
        "barrier__pathway__referent",
        "service__structure",
        "service__contact_person",
        "oriented_by",
    )


def orientation_for(user, pk):
    """The orientation, for its receiving contact person or the referent's side; 404 for anyone else."""
    orientation = get_object_or_404(
        _orientations().filter(Q(service__contact_person=user) | Q(barrier__pathway__youth__in=visible_youths(user))),
        pk=pk,
    )
    if not perms.can_view_orientation(user, orientation):
        raise Http404
    return orientation


@require(perms.can_use_directory)
def orientation_create(request, barrier_pk):
    """The referent or a coordinator hands an open barrier to an open service, with the date an answer is due."""
    barrier = barrier_for(request.user, barrier_pk)
    if done := submissions.earlier(request):  # a replay: oriented already
        return redirect(done.result_url or "orientation:mine")
    _check(perms.can_orient(request.user, barrier))
    chosen = request.GET.get("service", "")
    initial = {"service": int(chosen)} if chosen.isdigit() else {}
    form = OrientationForm(request.POST or None, barrier=barrier, initial=initial)
    youth = barrier.pathway.youth
    if request.method == "POST" and submissions.has_token(request, form) and form.is_valid():
        if earlier := submissions.claim(request):
            return redirect(earlier.result_url or "orientation:mine")
        orientation = form.save(commit=False)
        orientation.oriented_by = request.user
        orientation.save()
        record_access(request.user, AccessAction.CREATE, youth=youth, obj=orientation)
        messages.success(request, _("The orientation was recorded."))
        return submissions.answered(request, redirect("orientation:detail", pk=orientation.pk))
    return render(request, "orientation/orientation_form.html", {"form": form, "barrier": barrier, "youth": youth})


@require(perms.can_use_directory)
def orientation_detail(request, pk):
    orientation = orientation_for(request.user, pk)
    record_access(request.user, AccessAction.VIEW, youth=orientation.barrier.pathway.youth, obj=orientation)
    return render(
        request,
        "orientation/orientation_detail.html",
        {
            "orientation": orientation,
            "is_referent_side": perms.follows_for_referent(request.user, orientation),
            "can_answer": perms.can_answer_orientation(request.user, orientation),
        },
    )


@require(perms.can_use_directory)
def orientation_answer(request, pk):
    orientation = orientation_for(request.user, pk)
    _check(perms.can_answer_orientation(request.user, orientation))
    form = AnswerForm(request.POST or None, orientation=orientation)
    if request.method == "POST" and form.is_valid():
        orientation.answer(
            form.cleaned_data["status"],
            by=request.user,
            on=form.cleaned_data["answered_on"],
            reason=form.cleaned_data["reason"].strip(),
        )
        record_access(request.user, AccessAction.CHANGE, youth=orientation.barrier.pathway.youth, obj=orientation)
        messages.success(request, _("The answer was recorded."))
        return redirect("orientation:detail", pk=orientation.pk)
    return render(request, "orientation/answer_form.html", {"form": form, "orientation": orientation})


@require(perms.can_use_directory)
def my_orientations(request):
    """What I answer (as a service's contact person) and what I follow (as referent); coordinators also see every
    overdue orientation of the programme."""
    user = request.user
    to_answer = list(_orientations().filter(service__contact_person=user, status__in=OPEN_STATUSES))
    following = list(
        _orientations()
        .filter(barrier__pathway__referent=user, status__in=OPEN_STATUSES)
        .order_by("expected_answer_on")
    )
    overdue = list(_orientations().overdue().order_by("expected_answer_on")) if user.is_coordinator else []
    shown = len({o.pk for o in [*to_answer, *following, *overdue]})
    if shown:
        record_access(user, AccessAction.VIEW, count=shown)
    return render(
        request,
        "orientation/mine.html",
        {"to_answer": to_answer, "following": following, "overdue": overdue},
    )


@require(perms.can_use_directory)
def figures_page(request):
    """Counts only: orientations, acceptance rate and median days to lift, by barrier category and by structure."""
    return render(
        request,
        "orientation/figures.html",
        {"by_category": figures.by_barrier_category(), "by_structure": figures.by_structure()},
    )
