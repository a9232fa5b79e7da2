"""Logging a session from a phone: who was there and when, tallies of encounters, named contacts (htmx rows)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partners.perms import require
from reflex import submissions
from reflex.audit.enums import AccessAction
from reflex.audit.journal import record_access

from ..enums import SessionMode
from ..forms import NamedContactForm, SessionLogForm, TallyForm, youths_visible_to
from ..models import EncounterTally, NamedContact
from ..perms import can_use_outreach
from .access import get_session, with_visibility


def youth_search_context(request, return_url):
    """The youths app's search (htmx) and creation-with-duplicate-check URLs, when that app provides them."""
    try:
        search_url = reverse("youths:search")
    except NoReverseMatch:
        search_url = ""
    try:
        create_url = f"{reverse('youths:create')}?{urlencode({'next': return_url})}"
    except NoReverseMatch:
        create_url = ""
    picked = None
    if request.GET.get("youth", "").isdigit():
        picked = youths_visible_to(request.user).filter(pk=request.GET["youth"]).first()
    return {"youth_search_url": search_url, "youth_create_url": create_url, "picked_youth": picked}


def _log_context(request, session, **extra):
    context = {
        "session": session,
        "tallies": session.tallies.all(),
        "contacts": with_visibility(session.named_contacts.select_related("youth"), request.user),
        "tally_form": TallyForm(),
        "contact_form": NamedContactForm(session=session, user=request.user),
        "can_log": session.date <= timezone.localdate(),
        **youth_search_context(request, reverse("outreach:session_log", args=[session.pk])),
    }
    if context["picked_youth"] is not None:
        context["contact_form"] = NamedContactForm(
            session=session, user=request.user, initial={"youth": context["picked_youth"].pk}
        )
    context.update(extra)
    return context


@require(can_use_outreach)
def session_log_new(request):
    """Log a session that was not planned: it happened today (or earlier). Field staff."""
    if done := submissions.earlier(request):  # a replay: logged already
        return redirect(done.result_url or "outreach:index")
    today = timezone.localdate()
    form = SessionLogForm(
        request.POST or None,
        initial={"date": today, "staff": [request.user.pk], "mode": SessionMode.TRUCK},
    )
    if request.method == "POST" and submissions.has_token(request, form) and form.is_valid():
        if earlier := submissions.claim(request):
            return redirect(earlier.result_url or "outreach:index")
        session = form.save(commit=False)
        session.created_by = request.user
        session.mark_done(request.user)
        session.save()
        form.save_m2m()
        if request.user.organisation_id:
            session.organisations.add(request.user.organisation_id)
        messages.success(request, _("The session was logged: add what happened."))
        return submissions.answered(request, redirect("outreach:session_log", session.pk))
    return render(request, "outreach/session_log_new.html", {"form": form})


@require(can_use_outreach)
def session_log(request, pk):
    """The one-page log of a session, made for a phone. Its staff (7 days) and coordinators."""
    session = get_session(request, pk, for_edit=True)
    form = SessionLogForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        session = form.save(commit=False)
        session.mark_done(request.user)
        session.save()
        form.save_m2m()
        messages.success(request, _("The session log was saved."))
        return redirect("outreach:session_detail", session.pk)
    return render(request, "outreach/session_log.html", _log_context(request, session, form=form))


def _start_logging(session, user):
    """Adding what happened to a past planned session marks it done."""
    return session.start_logging(user)


def _already_added(request, session):
    """A second post of one entry (double tap, replay): its row is on the page already; nothing more is added."""
    if request.htmx:
        return submissions.with_next_token(HttpResponse(""))
    return redirect("outreach:session_log", session.pk)


@require_POST
@require(can_use_outreach)
def tally_add(request, pk):
    """Add a line of anonymous encounters; htmx gets the new row (or the form with its errors)."""
    session = get_session(request, pk, for_edit=True)
    if submissions.earlier(request):
        return _already_added(request, session)
    form = TallyForm(request.POST, session=session)
    if submissions.has_token(request, form) and form.is_valid() and _start_logging(session, request.user):
        if submissions.claim(request):
            return _already_added(request, session)
        tally = form.save(commit=False)
        tally.session = session
        tally.save()
        if request.htmx:
            response = render(request, "outreach/_tally_row.html", {"tally": tally, "session": session})
            response["HX-Trigger"] = "outreach:tally-added"
            return submissions.with_next_token(response)
        return redirect("outreach:session_log", session.pk)
    if form.is_valid():
        form.add_error(None, _("A session cannot be logged before it happens: the date is in the future."))
    context = _log_context(request, session, form=SessionLogForm(instance=session), tally_form=form)
    if request.htmx:
        response = render(request, "outreach/_tally_form.html", context)
        response["HX-Retarget"] = "#tally-form"
        response["HX-Reswap"] = "outerHTML"
        return response
    return render(request, "outreach/session_log.html", context, status=200)


@require_POST
@require(can_use_outreach)
def tally_delete(request, pk, tally_pk):
    session = get_session(request, pk, for_edit=True)
    get_object_or_404(EncounterTally, pk=tally_pk, session=session).delete()
    if request.htmx:
        return HttpResponse("")
    return redirect("outreach:session_log", session.pk)


@require_POST
@require(can_use_outreach)
def contact_add(request, pk):
    """Add a named contact (a young person picked through the youths search, or just created)."""
    session = get_session(request, pk, for_edit=True)
    if submissions.earlier(request):
        return _already_added(request, session)
    form = NamedContactForm(request.POST, session=session, user=request.user)
    if submissions.has_token(request, form) and form.is_valid() and _start_logging(session, request.user):
        if submissions.claim(request):
            return _already_added(request, session)
        contact = form.save(commit=False)
        contact.session = session
        contact.created_by = request.user
        contact.save()
        record_access(request.user, AccessAction.CREATE, youth=contact.youth, obj=contact)
        if request.htmx:
            response = render(request, "outreach/_contact_row.html", {"contact": contact, "session": session})
            return submissions.with_next_token(response)
        return redirect("outreach:session_log", session.pk)
    if form.is_valid():
        form.add_error(None, _("A session cannot be logged before it happens: the date is in the future."))
    context = _log_context(request, session, form=SessionLogForm(instance=session), contact_form=form)
    if request.htmx:
        response = render(request, "outreach/_contact_form.html", context)
        response["HX-Retarget"] = "#contact-form"
        response["HX-Reswap"] = "outerHTML"
        return response
    return render(request, "outreach/session_log.html", context)


@require_POST
@require(can_use_outreach)
def contact_delete(request, pk, contact_pk):
    session = get_session(request, pk, for_edit=True)
    # A contact with a young person the user may not see is a 404 like a missing one: no hint that it exists.
    contact = get_object_or_404(
        NamedContact.objects.filter(youth__in=youths_visible_to(request.user)), pk=contact_pk, session=session
    )
    record_access(request.user, AccessAction.DELETE, youth=contact.youth_id, obj=contact)
    contact.delete()
    if request.htmx:
        return HttpResponse("")
    return redirect("outreach:session_log", session.pk)
