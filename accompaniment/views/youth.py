"""A young person's accompaniment: the full page, the panel loaded into the youth page, follow-ups."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partners.models import User
from partners.perms import require
from reflex import submissions
from reflex.audit.enums import AccessAction
from reflex.audit.journal import record_access

from .. import need_to_know, perms
from ..appointments import attendance_of
from ..forms import FollowUpForm, ReminderConsentForm
from ..models import Action, Barrier, Pathway, ReminderConsent
from .lookups import follow_up_for, youth_for

PANEL_FOLLOW_UPS = 3
PAGE_FOLLOW_UPS = 30  # the latest; all of them on request
PAGE_APPOINTMENTS = 10  # the latest and next ones


STAFF_OF_REFERENT_CHANGE = ("from_referent", "to_referent", "changed_by")


def _mark_readable(user, youth, follow_ups):
    for follow_up in follow_ups:
        follow_up.youth = youth
        follow_up.readable = perms.can_read_follow_up(user, follow_up, youth)
        follow_up.can_edit = perms.can_edit_follow_up(user, follow_up)
    return follow_ups


def _mark_holders(follow_ups, youth):
    """Who holds each confidential note the reader may not read (the authors are attached by then)."""
    for follow_up in follow_ups:
        if not follow_up.readable:
            follow_up.holders = need_to_know.holders_label(follow_up, youth, follow_up.author)


def youth_context(user, youth, all_follow_ups=False):
    """Everything about the young person's accompaniment, in a fixed number of queries."""
    pathways = list(
        Pathway.objects.filter(youth=youth)
        .select_related("referent__organisation", "exit")
        .prefetch_related(
            "referent_changes",
            Prefetch(
                "barriers", queryset=Barrier.objects.select_related("created_by").order_by("status", "identified_on")
            ),
            Prefetch(
                "actions",
                queryset=Action.objects.select_related("provider_organisation").prefetch_related("barriers"),
            ),
            "exit__checks",
        )
    )
    current = next((pathway for pathway in pathways if pathway.is_open), None)
    for pathway in pathways:
        pathway.youth = youth
        pathway.can_manage = perms.can_manage_pathway(user, pathway)
        pathway.can_change_referent = perms.can_change_referent(user, pathway)
        for barrier in pathway.barriers.all():
            barrier.notes_readable = perms.can_read_barrier_notes(user, barrier, youth)
            if not barrier.notes_readable:
                barrier.notes_holders = need_to_know.holders_label(barrier, youth, barrier.created_by)
    follow_ups = youth.follow_ups.all()
    if not all_follow_ups:
        follow_ups = follow_ups[: PAGE_FOLLOW_UPS + 1]  # one more: are there older ones?
    follow_ups = _mark_readable(user, youth, list(follow_ups))
    changes = [change for pathway in pathways for change in pathway.referent_changes.all()]
    User.objects.attach_to(
        [(change, STAFF_OF_REFERENT_CHANGE) for change in changes]
        + [(follow_up, ("author",)) for follow_up in follow_ups]
    )
    _mark_holders(follow_ups, youth)
    more_follow_ups = not all_follow_ups and len(follow_ups) > PAGE_FOLLOW_UPS
    participations = list(youth.participations.select_related("action__provider_organisation"))
    appointments = list(
        youth.appointments.select_related("staff")
        .prefetch_related("reminders")
        .order_by("-starts_at", "-pk")[:PAGE_APPOINTMENTS]
    )
    consent = ReminderConsent.objects.filter(youth=youth).first()
    for appointment in appointments:
        appointment.youth = youth
        appointment.can_manage = perms.can_manage_appointment(user, appointment)
    todos = list(youth.todos.open().select_related("owner"))
    for todo in todos:
        todo.youth = youth
        todo.readable = need_to_know.can_read(user, todo, youth, "title")
        todo.can_tick = todo.readable and perms.can_tick_todo(user, todo)
    return {
        "appointments": appointments,
        "reminder_consent": consent,
        "reminder_form": ReminderConsentForm(
            youth=youth,
            initial={"channel": consent.channel if consent and consent.active else ReminderConsentForm.NONE},
        ),
        "attendance": attendance_of(youth),
        "todos": todos,
        "today": timezone.localdate(),
        "can_add_appointment": perms.can_add_appointment(user, youth),
        "youth": youth,
        "current": current,
        "pathways": pathways,
        "past_pathways": [pathway for pathway in pathways if not pathway.is_open],
        "follow_ups": follow_ups[:PAGE_FOLLOW_UPS] if more_follow_ups else follow_ups,
        "more_follow_ups": more_follow_ups,
        "participations": participations,
        "can_start": current is None and perms.can_start_pathway(user, youth),
        "can_add_follow_up": perms.can_add_follow_up(user, youth),
        "can_add_action": current is not None and perms.can_add_action(user, youth),
        "is_referent": perms.is_referent(user, youth),
    }


@require(perms.can_use_accompaniment)
def youth_page(request, pk):
    """The young person's accompaniment. Who may see the young person sees it, without the referent's notes.

    The latest follow-ups; ?follow_ups=all shows every one."""
    youth = youth_for(request.user, pk)
    record_access(request.user, AccessAction.VIEW, youth=youth)
    context = youth_context(request.user, youth, all_follow_ups=request.GET.get("follow_ups") == "all")
    return render(request, "accompaniment/youth.html", context)


def panel_context(user, youth, form=None, saved=False):
    current = Pathway.objects.open().filter(youth=youth).select_related("referent__organisation").first()
    follow_ups = _mark_readable(user, youth, list(youth.follow_ups.select_related("author")[:PANEL_FOLLOW_UPS]))
    _mark_holders(follow_ups, youth)
    return {
        "youth": youth,
        "current": current,
        "follow_ups": follow_ups,
        "form": form or FollowUpForm(),
        "saved": saved,
        "can_start": current is None and perms.can_start_pathway(user, youth),
        "can_add_follow_up": perms.can_add_follow_up(user, youth),
    }


@require(perms.can_use_accompaniment)
def youth_panel(request, pk):
    """The accompaniment panel of the youth page (an htmx fragment): pathway, last follow-ups, quick entry."""
    youth = youth_for(request.user, pk)
    record_access(request.user, AccessAction.VIEW, youth=youth)
    return render(request, "accompaniment/_panel.html", panel_context(request.user, youth))


def _follow_up_saved_already(request, youth):
    if request.htmx:
        return render(request, "accompaniment/_panel.html", panel_context(request.user, youth, saved=True))
    return redirect("accompaniment:youth", pk=youth.pk)


@require(perms.can_use_accompaniment)
def follow_up_create(request, pk):
    """Anyone who may see the young person logs a follow-up. From the panel (htmx) the panel comes back updated."""
    youth = youth_for(request.user, pk)
    if not perms.can_add_follow_up(request.user, youth):
        raise PermissionDenied
    if submissions.earlier(request):  # a double click or a replay: the follow-up exists already
        return _follow_up_saved_already(request, youth)
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and submissions.has_token(request, form) and form.is_valid():
        if submissions.claim(request):  # two posts at once: the first one saved it
            return _follow_up_saved_already(request, youth)
        follow_up = form.save(commit=False)
        follow_up.youth = youth
        follow_up.author = request.user
        follow_up.pathway = Pathway.objects.open().filter(youth=youth).first()
        follow_up.save()
        form.save_next_steps(follow_up)
        record_access(request.user, AccessAction.CREATE, youth=youth, obj=follow_up)
        if request.htmx:
            return render(request, "accompaniment/_panel.html", panel_context(request.user, youth, saved=True))
        messages.success(request, _("The follow-up was saved."))
        return submissions.answered(request, redirect("accompaniment:youth", pk=youth.pk))
    if request.htmx:
        return render(request, "accompaniment/_panel.html", panel_context(request.user, youth, form=form))
    return render(request, "accompaniment/follow_up_form.html", {"form": form, "youth": youth})


@require(perms.can_use_accompaniment)
def follow_up_edit(request, pk):
    """Its author or a coordinator corrects a follow-up."""
    follow_up = follow_up_for(request.user, pk)
    youth = follow_up.youth
    if not perms.can_edit_follow_up(request.user, follow_up):
        raise PermissionDenied
    form = FollowUpForm(request.POST or None, instance=follow_up)
    if request.method == "POST" and form.is_valid():
        follow_up = form.save(commit=False)
        follow_up.version += 1
        follow_up.save()
        record_access(request.user, AccessAction.CHANGE, youth=youth, obj=follow_up)
        messages.success(request, _("The follow-up was saved."))
        return redirect("accompaniment:youth", pk=youth.pk)
    return render(request, "accompaniment/follow_up_form.html", {"form": form, "youth": youth, "follow_up": follow_up})


@require_POST
@require(perms.can_use_accompaniment)
def follow_up_delete(request, pk):
    follow_up = follow_up_for(request.user, pk)
    if not perms.can_edit_follow_up(request.user, follow_up):
        raise PermissionDenied
    youth = follow_up.youth
    record_access(request.user, AccessAction.DELETE, youth=youth, obj=follow_up)
    follow_up.delete()
    messages.success(request, _("The follow-up was deleted."))
    return redirect("accompaniment:youth", pk=youth.pk)
