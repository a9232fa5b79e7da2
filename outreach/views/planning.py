"""The planning: week and month calendars, planning and editing sessions, and the iCalendar feeds."""

from collections import defaultdict
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from partners.perms import require
from reflex import submissions

from .. import ical, planning
from ..enums import SessionStatus
from ..forms import SeriesScopeForm, SessionPlanForm
from ..models import CalendarFeed, OutreachSession
from ..perms import can_edit_session, can_use_outreach
from .access import get_session, with_visibility


def _sessions_by_day(start, end, user, mine):
    sessions = OutreachSession.objects.between(start, end).with_list_related_data()
    if mine:
        sessions = sessions.for_staff(user)
    by_day = defaultdict(list)
    for session in sessions:
        by_day[session.date].append(session)
    return by_day


def _warn_out_of_range(request, parameter):
    value = request.GET.get(parameter)
    if value and planning.out_of_range(value):
        messages.warning(request, _("This date is out of the planning's range: here is the current one."))


@require(can_use_outreach)
def index(request):
    """The week planning, the outreach home. Field staff only."""
    today = timezone.localdate()
    start = planning.parse_week(request.GET.get("semaine"), today)
    _warn_out_of_range(request, "semaine")
    mine = request.GET.get("moi") == "1"
    by_day = _sessions_by_day(start, start + timedelta(days=6), request.user, mine)
    days = [
        {"date": day, "sessions": by_day.get(day, []), "is_today": day == today} for day in planning.week_days(start)
    ]
    to_log = (
        OutreachSession.objects.planned()
        .filter(date__lte=today, date__gte=today - timedelta(days=14), staff=request.user)
        .select_related("place")
        .order_by("-date")[:5]
    )
    return render(
        request,
        "outreach/planning_week.html",
        {
            "days": days,
            "week_start": start,
            "previous": start - timedelta(days=7),
            "next": start + timedelta(days=7),
            "today": today,
            "mine": mine,
            "to_log": to_log,
        },
    )


@require(can_use_outreach)
def month(request):
    """The month planning: a grid of weeks, each day listing its sessions. Field staff only."""
    today = timezone.localdate()
    first = planning.parse_month(request.GET.get("mois"), today)
    _warn_out_of_range(request, "mois")
    weeks = planning.month_weeks(first.year, first.month)
    mine = request.GET.get("moi") == "1"
    by_day = _sessions_by_day(weeks[0][0], weeks[-1][-1], request.user, mine)
    grid = [
        [
            {
                "date": day,
                "sessions": by_day.get(day, []),
                "in_month": day.month == first.month,
                "is_today": day == today,
            }
            for day in week
        ]
        for week in weeks
    ]
    previous = (first - timedelta(days=1)).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return render(
        request,
        "outreach/planning_month.html",
        {"weeks": grid, "month": first, "previous": previous, "next": following, "mine": mine},
    )


@require(can_use_outreach)
def session_create(request):
    """Plan a session, or a weekly series. Field staff. A replay (double click) is answered before the form is checked:
    its sessions would clash with the first post's."""
    if done := submissions.earlier(request):
        return redirect(done.result_url or "outreach:index")
    initial = {"date": request.GET.get("date") or timezone.localdate(), "staff": [request.user.pk]}
    if request.user.organisation_id:
        initial["organisations"] = [request.user.organisation_id]
    form = SessionPlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and submissions.has_token(request, form) and form.is_valid():
        if earlier := submissions.claim(request):  # two posts at once: the first one planned it
            return redirect(earlier.result_url or "outreach:index")
        data = {
            name: form.cleaned_data[name] for name in ("start_time", "end_time", "place", "mode", "activity", "notes")
        }
        sessions = planning.create_sessions(
            data,
            staff=form.cleaned_data["staff"],
            organisations=form.cleaned_data["organisations"],
            dates=form.dates,
            user=request.user,
            interval_weeks=form.cleaned_data.get("interval_weeks") or 1,
        )
        if len(sessions) > 1:
            messages.success(
                request,
                ngettext("%(count)d session was planned.", "%(count)d sessions were planned.", len(sessions))
                % {"count": len(sessions)},
            )
        else:
            messages.success(request, _("The session was planned."))
        return submissions.answered(
            request, redirect(f"{reverse('outreach:index')}?semaine={sessions[0].date:%Y-%m-%d}")
        )
    return render(request, "outreach/session_plan_form.html", {"form": form})


@require(can_use_outreach)
def session_detail(request, pk):
    """A session: its plan, and once logged what happened. Field staff."""
    session = get_session(request, pk)
    tallies = session.tallies.all()
    contacts = with_visibility(session.named_contacts.select_related("youth"), request.user) if session.is_done else []
    return render(
        request,
        "outreach/session_detail.html",
        {
            "session": session,
            "tallies": tallies,
            "contacts": contacts,
            "can_edit": can_edit_session(request.user, session),
        },
    )


@require(can_use_outreach)
def session_edit(request, pk):
    """Change a planned session, or it and the following ones of its series. Coordinators, or its staff (7 days)."""
    session = get_session(request, pk, for_edit=True)
    form = SessionPlanForm(request.POST or None, instance=session, with_repetition=False)
    scope = SeriesScopeForm(request.POST or None) if session.series_id else None
    if request.method == "POST" and form.is_valid() and (scope is None or scope.is_valid()):
        if scope is not None and scope.cleaned_data["scope"] == "following":
            changes = {
                name: form.cleaned_data[name]
                for name in ("start_time", "end_time", "place", "mode", "activity", "notes")
            }
            targets = planning.apply_to_following(
                session, changes, staff=form.cleaned_data["staff"], organisations=form.cleaned_data["organisations"]
            )
            messages.success(
                request,
                ngettext("%(count)d session was changed.", "%(count)d sessions were changed.", len(targets))
                % {"count": len(targets)},
            )
        else:
            form.save()
            messages.success(request, _("The session was saved."))
        return redirect("outreach:session_detail", session.pk)
    return render(request, "outreach/session_plan_form.html", {"form": form, "session": session, "scope": scope})


@require_POST
@require(can_use_outreach)
def session_cancel(request, pk):
    """Cancel a planned session (kept in the planning, struck out). Same rule as editing."""
    session = get_session(request, pk, for_edit=True)
    if session.status == SessionStatus.PLANNED:
        session.status = SessionStatus.CANCELLED
        session.save(update_fields=["status"])
        messages.success(request, _("The session was cancelled."))
    return redirect("outreach:session_detail", session.pk)


@require(can_use_outreach)
def feeds(request):
    """The secret addresses of my calendar feed and of the programme's. Field staff."""
    mine = CalendarFeed.objects.for_user(request.user)
    programme = CalendarFeed.objects.for_programme()
    return render(
        request,
        "outreach/feeds.html",
        {
            "my_url": request.build_absolute_uri(reverse("outreach:feed", args=[mine.token])),
            "programme_url": request.build_absolute_uri(reverse("outreach:feed", args=[programme.token])),
            "can_regenerate_programme": request.user.is_coordinator,
        },
    )


@require_POST
@require(can_use_outreach)
def feed_regenerate(request):
    """A new secret address: the old one stops working. Mine for everyone, the programme's for coordinators."""
    if request.POST.get("which") == "programme":
        if not request.user.is_coordinator:
            return HttpResponse(status=403)
        CalendarFeed.objects.for_programme().regenerate()
    else:
        CalendarFeed.objects.for_user(request.user).regenerate()
    messages.success(request, _("A new address was made; subscribe again with it."))
    return redirect("outreach:feeds")


@login_not_required
def feed(request, token):
    """The iCalendar feed behind a secret token (no login: calendar apps cannot log in). 404 on a bad token, and
    on a personal feed whose owner may no longer use the planning (deactivated, or now a funder): the feed follows
    the owner's current role, read at each request."""
    found = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if found is None or (found.user is not None and not can_use_outreach(found.user)):
        raise Http404
    body = ical.feed_for(found)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="reflex-aller-vers.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
