"""The referent's workspace ("Mon suivi") and the coordinator's dashboard."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone

from partners.models import Programme
from partners.perms import require

from .. import perms
from ..workspace import CASELOAD_LIMIT, coordinator_dashboard, referent_workspace


@require(perms.can_use_accompaniment)
def index(request):
    """Coordinators land on the dashboard, professionals on their workspace."""
    if request.user.is_coordinator:
        return redirect("accompaniment:dashboard")
    return redirect("accompaniment:workspace")


@require(perms.can_use_accompaniment)
def workspace(request):
    """Mon suivi: the young people I refer, this week's appointments, alerts. Any professional or coordinator."""
    context = referent_workspace(request.user, Programme.objects.current(), timezone.localdate())
    return render(request, "accompaniment/workspace.html", context)


@require(perms.can_use_accompaniment)
def dashboard(request):
    """The consortium's accompaniment at a glance: coordinators only (counts and, for follow-up, pathways)."""
    if not perms.can_view_dashboard(request.user):
        raise PermissionDenied
    programme = Programme.objects.current()
    show_all = request.GET.get("show") == "all"
    context = coordinator_dashboard(programme, timezone.localdate(), limit=None if show_all else CASELOAD_LIMIT)
    context["programme"] = programme
    return render(request, "accompaniment/dashboard.html", context)
