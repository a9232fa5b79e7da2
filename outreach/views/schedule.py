"""The recommended schedule ("Planning conseillé"): slots for a chosen period, how often to return, the map of places,
marked periods, and one tap from a recommended slot to the planning form."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from partners.perms import require
from reflex import submissions

from .. import place_map, planning, relays, revisits, schedule
from ..enums import SessionMode
from ..forms import SessionPlanForm
from ..models import MarkedPeriod, MarkedPeriodKind, Place, Relay, TerritoryOutline
from ..perms import can_manage_places, can_use_outreach
from ..schedule_forms import MarkedPeriodForm, SchedulePeriodForm, SlotsPlanForm, TerritoryForm


@require(can_use_outreach)
def schedule_page(request):
    """The recommended schedule for a month or a season (default: next month). Field staff; coordinators also mark
    periods (Ramadan, local events)."""
    today = timezone.localdate()
    period = schedule.parse_period(request.GET.get("period"), today)
    return render(request, "outreach/schedule.html", _page_context(request, period, today))


def _page_context(request, period, today, plan_form=None, territory_form=None):
    form = SchedulePeriodForm(request.GET or None, today=today)
    form.initial["period"] = period.key
    plan = schedule.recommend(period, today)
    evidence_start = plan["evidence_start"]
    marked = list(MarkedPeriod.objects.filter(ends_on__gte=evidence_start))
    school = [(first, last) for first, last, _label, _pk in schedule.school_holidays(marked)]
    marked = [period for period in marked if period.kind != MarkedPeriodKind.SCHOOL_HOLIDAYS]
    names = {row["place_id"]: row["name"] for row in plan["places"]}
    outline = TerritoryOutline.objects.first()
    if plan_form is None:
        plan_form = SlotsPlanForm(period=period, today=today, initial={"staff": [request.user.pk]})
    checked = {str(value) for value in plan_form["staff"].value() or ()}
    staff_options = [
        (pk, f"{first} {last}".strip(), str(pk) in checked)
        for pk, first, last in plan_form.fields["staff"].queryset.values_list("pk", "first_name", "last_name")
    ]
    return {
        "form": form,
        "plan": plan,
        "period": period,
        "plan_form": plan_form,
        "staff_options": staff_options,
        "school_source": schedule.SCHOOL_HOLIDAYS_SOURCE,
        "school_unverified": schedule.SCHOOL_HOLIDAYS_UNVERIFIED,
        "school_yield": schedule.yield_in_and_out(school, evidence_start, today),
        "marked_yield": (
            schedule.yield_in_and_out([(m.starts_on, m.ends_on) for m in marked], evidence_start, today)
            if marked
            else None
        ),
        "revisits": revisits.by_place(evidence_start, today, names),
        "stale_relays": relays.stale(list(relays.with_figures(Relay.objects.active())), today)[:10],
        "gap_bands": revisits.GAP_BANDS,
        "rank_bands": revisits.RANK_BANDS,
        "map": place_map.layout(plan["places"], outline.areas if outline else ()),
        "outline": outline,
        "territory_form": territory_form or (TerritoryForm() if can_manage_places(request.user) else None),
        "analytics_start": evidence_start,
        "today": today,
        "can_mark": can_manage_places(request.user),
        "marked_form": MarkedPeriodForm() if can_manage_places(request.user) else None,
    }


@require_POST
@require(can_use_outreach)
def schedule_plan_slots(request):
    """Plan the ticked slots: every date of each in the period, for the chosen staff and mode (clashes refused,
    nothing planned unless all can be; a replayed post plans nothing more). Field staff."""
    if done := submissions.earlier(request):  # a replay: its sessions now clash with themselves, answer as before
        return redirect(done.result_url or "outreach:month")
    today = timezone.localdate()
    period = schedule.parse_period(request.POST.get("period"), today)
    form = SlotsPlanForm(request.POST, period=period, today=today)
    if not (submissions.has_token(request, form) and form.is_valid()):
        return render(request, "outreach/schedule.html", _page_context(request, period, today, form), status=400)
    if earlier := submissions.claim(request):
        return redirect(earlier.result_url or "outreach:month")
    organisations = [request.user.organisation] if request.user.organisation_id else []
    created = []
    for slot in form.plans:
        created += planning.create_sessions(
            {
                "start_time": slot["start"],
                "end_time": slot["end"],
                "place": slot["place"],
                "mode": form.cleaned_data["mode"],
            },
            staff=form.cleaned_data["staff"],
            organisations=organisations,
            dates=slot["dates"],
            user=request.user,
        )
    messages.success(
        request,
        ngettext("%(count)d session was planned.", "%(count)d sessions were planned.", len(created))
        % {"count": len(created)},
    )
    first = min(session.date for session in created)
    return submissions.answered(request, redirect(f"{reverse('outreach:month')}?mois={first:%Y-%m}"))


@require_POST
@require(can_manage_places)
def marked_period_add(request):
    """Mark a period (coordinators). A bad period shows the page's form again with the French message."""
    if done := submissions.earlier(request):  # a replay: marked already
        return redirect(done.result_url or "outreach:schedule")
    form = MarkedPeriodForm(request.POST)
    if submissions.has_token(request, form) and form.is_valid():
        if earlier := submissions.claim(request):  # two posts at once: the first one marked it
            return redirect(earlier.result_url or "outreach:schedule")
        marked = form.save(commit=False)
        marked.created_by = request.user
        marked.save()
        messages.success(request, _("The period was marked."))
        return submissions.answered(request, redirect("outreach:schedule"))
    return render(request, "outreach/marked_period_form.html", {"marked_form": form}, status=400)


@require_POST
@require(can_manage_places)
def territory_upload(request):
    """Import the neighbourhoods' outlines (coordinators). A bad file: the page again, with the French message."""
    if done := submissions.earlier(request):  # a replay: imported already
        return redirect(done.result_url or "outreach:schedule")
    form = TerritoryForm(request.POST, request.FILES)
    if submissions.has_token(request, form) and form.is_valid():
        if earlier := submissions.claim(request):  # two posts at once: the first one imported them
            return redirect(earlier.result_url or "outreach:schedule")
        TerritoryOutline.objects.create(name=form.cleaned_data["name"], areas=form.areas, uploaded_by=request.user)
        messages.success(request, _("The outlines were imported."))
        return submissions.answered(request, redirect("outreach:schedule"))
    today = timezone.localdate()
    period = schedule.parse_period(None, today)
    context = _page_context(request, period, today, territory_form=form)
    return render(request, "outreach/schedule.html", context, status=400)


@require_POST
@require(can_manage_places)
def marked_period_delete(request, pk):
    get_object_or_404(MarkedPeriod, pk=pk).delete()
    messages.success(request, _("The marked period was removed."))
    return redirect("outreach:schedule")


@require(can_use_outreach)
def schedule_plan(request):
    """From a recommended slot to the planning form, filled in: the slot's place, usual times, its first date in
    the period from tomorrow, repeated weekly to its last date; the staff and the truck are chosen there and the form
    checks clashes and replays (it posts to the ordinary planning view)."""
    today = timezone.localdate()
    try:
        place_id, weekday = int(request.GET.get("place", "")), int(request.GET.get("weekday", ""))
    except ValueError:
        return HttpResponse(_("This slot is not valid."), status=400)
    band = request.GET.get("band")
    if band not in schedule.BAND_KEYS or not 1 <= weekday <= 7:
        return HttpResponse(_("This slot is not valid."), status=400)
    place = get_object_or_404(Place.objects.active(), pk=place_id)
    period = schedule.parse_period(request.GET.get("period"), today)
    dates = schedule.slot_dates(period, weekday, today)
    if not dates:
        messages.error(request, _("This slot has no date left in the period: choose a later period."))
        return redirect(f"{reverse('outreach:schedule')}?period={period.key}")
    start_time, end_time = schedule.typical_times(place.pk, weekday, band)
    initial = {
        "date": dates[0],
        "start_time": start_time,
        "end_time": end_time,
        "place": place.pk,
        "mode": SessionMode.TRUCK,
        "staff": [request.user.pk],
        "repeat": len(dates) > 1,
        "interval_weeks": 1,
        "until": dates[-1] if len(dates) > 1 else None,
    }
    if request.user.organisation_id:
        initial["organisations"] = [request.user.organisation_id]
    form = SessionPlanForm(initial=initial)
    return render(
        request,
        "outreach/session_plan_form.html",
        {"form": form, "form_action": reverse("outreach:session_create"), "from_schedule": period},
    )
