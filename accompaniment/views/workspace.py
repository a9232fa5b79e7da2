"""The referent's workspace ("Mon suivi") and the coordinator's dashboard."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone

from partners.models import Programme
from partners.perms import require

from .. import perms
from ..appointments import UNMARKED_DAYS, missed_by_youth, the_day
from ..coordination import caseload_rows, caseload_target, exit_checks_due, waiting_for_referent
from ..workspace import CASELOAD_LIMIT, coordinator_dashboard, referent_workspace

WAITING_SHOWN = 10


def caseload_context(user, today):
    """Everything "Mon suivi" shows for `user`: the day's blocks, then the caseload with missed appointments."""
    context = referent_workspace(user, Programme.objects.current(), today)
    context.update(the_day(user, today))
    missed = missed_by_youth([youth.pk for youth in context["my_youths"]])
    for youth in context["my_youths"]:
        youth.missed_appointments = missed.get(youth.pk, 0)
    # Overdue reviews are told apart from this week's, with how late each is, rather than all flagged alike.
    context["reviews_late"] = [youth for youth in context["reviews_due"] if youth.pathway_review_on < today]
    for youth in context["reviews_late"]:
        youth.review_days_late = (today - youth.pathway_review_on).days
    context["unmarked_from"] = today - timedelta(days=UNMARKED_DAYS)
    return context


@require(perms.can_use_accompaniment)
def index(request):
    """Coordinators land on the dashboard, professionals on their workspace."""
    if request.user.is_coordinator:
        return redirect("accompaniment:dashboard")
    return redirect("accompaniment:workspace")


@require(perms.can_use_accompaniment)
def workspace(request):
    """Mon suivi: my day first (today's appointments, those to mark, to-dos, reviews, young people without contact),
    then the young people I refer. Any professional or coordinator."""
    context = caseload_context(request.user, timezone.localdate())
    return render(request, "accompaniment/workspace.html", context)


@require(perms.can_use_accompaniment)
def dashboard(request):
    """The consortium's accompaniment at a glance: coordinators only (counts and, for follow-up, pathways)."""
    if not perms.can_view_dashboard(request.user):
        raise PermissionDenied
    programme = Programme.objects.current()
    show_all = request.GET.get("show") == "all"
    today = timezone.localdate()
    context = coordinator_dashboard(programme, today, limit=None if show_all else CASELOAD_LIMIT)
    context["programme"] = programme
    context["caseloads"] = caseload_rows(context["caseloads"], programme, today)
    context["caseload_target"] = caseload_target(programme)
    context["waiting"], context["waiting_count"] = waiting_for_referent(today, limit=WAITING_SHOWN)
    context["checks_due"], context["checks_due_count"], context["checks_overdue_count"] = exit_checks_due(today)
    return render(request, "accompaniment/dashboard.html", context)
