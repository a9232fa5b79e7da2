"""The coordinator's control: the waiting list and bulk assignment, a referent's caseload seen by the coordinator."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partners.models import Programme, User
from partners.perms import require
from reflex import submissions
from reflex.audit.enums import AccessAction
from reflex.audit.journal import record_access

from .. import perms
from ..coordination import (
    AssignmentRefused,
    assign,
    caseload_rows,
    caseload_target,
    referents_with_capacity,
    waiting_for_referent,
)
from ..forms import AssignForm
from ..workspace import caseloads
from .workspace import caseload_context


def _coordinators_only(user):
    if not perms.can_view_dashboard(user):
        raise PermissionDenied


@require(perms.can_use_accompaniment)
def waiting_list(request):
    """Coordinators: everyone mobilised without a pathway, who waited longest first, with referents to suggest;
    tick some (or one) and give them a referent: a pathway starts for each, recorded in its referent history."""
    _coordinators_only(request.user)
    today = timezone.localdate()
    programme = Programme.objects.current()
    if done := submissions.earlier(request):  # a double click or a replay: the pathways started already
        return redirect(done.result_url or "accompaniment:waiting_list")
    form = AssignForm(request.POST or None)
    if request.method == "POST" and submissions.has_token(request, form) and form.is_valid():
        if earlier := submissions.claim(request):  # two posts at once: the first one started them
            return redirect(earlier.result_url or "accompaniment:waiting_list")
        try:
            pathways = assign(
                form.cleaned_data["youths"],
                form.cleaned_data["referent"],
                by=request.user,
                started_on=form.cleaned_data["started_on"],
            )
        except AssignmentRefused:
            form.add_error(None, _("One of these young people no longer waits for a referent: reload the list."))
        else:
            for pathway in pathways:
                record_access(request.user, AccessAction.CREATE, youth=pathway.youth, obj=pathway)
            messages.success(
                request,
                ngettext(
                    "A pathway started with %(referent)s.",
                    "%(count)d pathways started with %(referent)s.",
                    len(pathways),
                )
                % {"count": len(pathways), "referent": form.cleaned_data["referent"]},
            )
            return submissions.answered(request, redirect("accompaniment:waiting_list"))
    show_all = request.GET.get("show") == "all"
    youths, total = waiting_for_referent(today, limit=None if show_all else 100)
    rows = caseload_rows(caseloads()[0], programme, today)
    target = caseload_target(programme)
    ticked = {str(pk) for pk in request.POST.getlist("youths")}
    return render(
        request,
        "accompaniment/waiting_list.html",
        {
            "form": form,
            "youths": youths,
            "total": total,
            "suggested": referents_with_capacity(rows, target),
            "target": target,
            "ticked": ticked,
            "today": today,
        },
    )


@require(perms.can_use_accompaniment)
def referent_caseload(request, pk):
    """Coordinators: a referent's "Mon suivi", as they see it."""
    _coordinators_only(request.user)
    referent = get_object_or_404(User.objects.professionals(), pk=pk)
    context = caseload_context(referent, timezone.localdate())
    context["referent"] = referent
    return render(request, "accompaniment/referent_caseload.html", context)
