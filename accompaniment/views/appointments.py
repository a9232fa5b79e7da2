"""Appointments and to-dos: the agenda, planning and moving an appointment, marking it in one tap, ticking a to-do,
and the private iCalendar feed of one's appointments."""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partners.perms import require
from reflex import submissions
from reflex.audit.enums import AccessAction
from reflex.audit.journal import record_access

from .. import ical, perms
from ..appointments import AGENDA_DAYS, agenda
from ..enums import APPOINTMENT_MARKS, AppointmentStatus
from ..forms import AppointmentForm, ReminderConsentForm
from ..models import Appointment, AppointmentFeed, Pathway, ReminderConsent
from .lookups import appointment_for, todo_for, youth_for

PARTIALS = "accompaniment/_appointments.html"


def _back(request, default):
    """Where the one-tap forms came from (a page of this site only)."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect(default)


@require(perms.can_use_accompaniment)
def agenda_page(request):
    """My appointments, day by day, two weeks from a day (today by default). Any professional or coordinator."""
    try:
        first_day = date.fromisoformat(request.GET.get("du", ""))
    except ValueError:
        first_day = timezone.localdate()
    context = agenda(request.user, first_day)
    context.update(
        first_day=first_day,
        previous=first_day - timedelta(days=AGENDA_DAYS),
        following=first_day + timedelta(days=AGENDA_DAYS),
        today=timezone.localdate(),
    )
    return render(request, "accompaniment/agenda.html", context)


@require(perms.can_use_accompaniment)
def appointment_create(request, pk):
    """Plan an appointment with a young person; ?reporte=<id> plans the new date of a postponed one."""
    youth = youth_for(request.user, pk)
    if not perms.can_add_appointment(request.user, youth):
        raise PermissionDenied
    if done := submissions.earlier(request):  # a double click or a replay: planned already
        return redirect(done.result_url or reverse("accompaniment:youth", args=[youth.pk]))
    postponed = None
    if request.GET.get("reporte", "").isdigit():
        postponed = (
            Appointment.objects.filter(youth=youth, pk=request.GET["reporte"], status=AppointmentStatus.POSTPONED)
            .select_related("staff")
            .first()
        )
    initial = {"staff": request.user.pk}
    if postponed:
        initial.update(
            staff=postponed.staff_id,
            mode=postponed.mode,
            place=postponed.place,
            duration_minutes=postponed.duration_minutes,
        )
    appointment = Appointment(youth=youth, created_by=request.user, postponed_from=postponed)
    form = AppointmentForm(request.POST or None, instance=appointment, initial=initial)
    if request.method == "POST" and submissions.has_token(request, form) and form.is_valid():
        if earlier := submissions.claim(request):  # two posts at once: the first one planned it
            return redirect(earlier.result_url or reverse("accompaniment:youth", args=[youth.pk]))
        appointment = form.save(commit=False)
        appointment.pathway = Pathway.objects.open().filter(youth=youth).first()
        appointment.save()
        record_access(request.user, AccessAction.CREATE, youth=youth, obj=appointment)
        messages.success(request, _("The appointment was added to the agenda."))
        return submissions.answered(request, redirect("accompaniment:youth", pk=youth.pk))
    return render(request, "accompaniment/appointment_form.html", {"form": form, "youth": youth})


@require(perms.can_use_accompaniment)
def appointment_edit(request, pk):
    appointment = appointment_for(request.user, pk)
    if not perms.can_manage_appointment(request.user, appointment):
        raise PermissionDenied
    form = AppointmentForm(request.POST or None, instance=appointment)
    if request.method == "POST" and form.is_valid():
        form.save()
        record_access(request.user, AccessAction.CHANGE, youth=appointment.youth, obj=appointment)
        messages.success(request, _("The appointment was saved."))
        return redirect("accompaniment:youth", pk=appointment.youth_id)
    return render(
        request,
        "accompaniment/appointment_form.html",
        {"form": form, "youth": appointment.youth, "appointment": appointment},
    )


@require_POST
@require(perms.can_use_accompaniment)
def appointment_mark(request, pk):
    """One tap: attended, missed (once its day has come), cancelled or postponed. From htmx, the row comes back."""
    appointment = appointment_for(request.user, pk)
    if not perms.can_manage_appointment(request.user, appointment):
        raise PermissionDenied
    status = request.POST.get("status")
    error = None
    if status not in APPOINTMENT_MARKS:
        error = _("Choose what became of the appointment.")
    else:
        try:
            appointment.mark(status, by=request.user)
        except ValidationError as refused:
            error = refused.messages[0]
        else:
            record_access(request.user, AccessAction.CHANGE, youth=appointment.youth, obj=appointment)
    if request.htmx:
        return render(request, f"{PARTIALS}#appointment", {"appointment": appointment, "error": error})
    if error:
        messages.error(request, error)
    elif status == AppointmentStatus.POSTPONED:
        messages.success(request, _("The appointment is postponed: give its new date."))
        url = reverse("accompaniment:appointment_create", args=[appointment.youth_id])
        return redirect(f"{url}?reporte={appointment.pk}")
    else:
        messages.success(
            request, _("The appointment was marked: %(status)s.") % {"status": appointment.get_status_display()}
        )
    return _back(request, reverse("accompaniment:workspace"))


@require_POST
@require(perms.can_use_accompaniment)
def todo_tick(request, pk):
    """Tick a to-do as done, or untick it (a mistaken tap)."""
    todo = todo_for(request.user, pk)
    if not perms.can_tick_todo(request.user, todo):
        raise PermissionDenied
    if request.POST.get("done") == "0":
        todo.untick()
    else:
        todo.tick()
    record_access(request.user, AccessAction.CHANGE, youth=todo.youth, obj=todo)
    if request.htmx:
        return render(request, f"{PARTIALS}#todo", {"todo": todo, "today": timezone.localdate()})
    return _back(request, reverse("accompaniment:workspace"))


@require(perms.can_use_accompaniment)
def feed_page(request):
    """The address of my private appointment feed, to subscribe to from a phone's calendar."""
    feed = AppointmentFeed.for_user(request.user)
    url = request.build_absolute_uri(reverse("accompaniment:appointment_feed", args=[feed.token]))
    return render(request, "accompaniment/appointment_feed.html", {"feed_url": url})


@require_POST
@require(perms.can_use_accompaniment)
def feed_regenerate(request):
    AppointmentFeed.for_user(request.user).regenerate()
    messages.success(request, _("A new address was made; the old one no longer works."))
    return redirect("accompaniment:appointment_feeds")


@login_not_required
def feed(request, token):
    """The iCalendar feed behind a secret token (no login: calendar apps cannot log in). 404 on a bad token or a
    deactivated account."""
    found = AppointmentFeed.objects.select_related("user").filter(token=token).first()
    if found is None or not found.user.is_active or not found.user.is_field_staff:
        raise Http404
    body = ical.feed_for(found, base_url=f"{request.scheme}://{request.get_host()}")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="reflex-rendez-vous.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response


@require_POST
@require(perms.can_use_accompaniment)
def reminder_consent(request, pk):
    """Record the young person's choice about appointment reminders (or withdraw it: the opt-out keeps its date)."""
    youth = youth_for(request.user, pk)
    if not perms.can_add_appointment(request.user, youth):
        raise PermissionDenied
    form = ReminderConsentForm(request.POST, youth=youth)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["channel"]))
        return redirect("accompaniment:youth", pk=youth.pk)
    channel = form.cleaned_data["channel"]
    consent = ReminderConsent.objects.filter(youth=youth).first()
    if channel == ReminderConsentForm.NONE:
        if consent and consent.active:
            consent.withdrawn_on = timezone.localdate()
            consent.recorded_by = request.user
            consent.save()
        messages.success(request, _("No appointment reminder will be sent."))
    else:
        ReminderConsent.objects.update_or_create(
            youth=youth,
            defaults={
                "channel": channel,
                "given_on": timezone.localdate(),
                "withdrawn_on": None,
                "recorded_by": request.user,
            },
        )
        messages.success(request, _("Reminders will be sent the day before each appointment."))
    record_access(request.user, AccessAction.CHANGE, youth=youth)
    return redirect("accompaniment:youth", pk=youth.pk)
