"""Cross-app pages: the home page of each role."""

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import LogoutView
from django.shortcuts import redirect, render
from django.utils import timezone

from accompaniment.appointments import the_day
from accompaniment.coordination import waiting_count
from accompaniment.workspace import coordinator_summary, referent_workspace
from partners.models import Programme

from .accessibility import statement


def home(request):
    """Each role lands on its own home: funders go straight to their reports; professionals see the essentials of
    their caseload ("Mon suivi"), coordinators those of the accompaniment dashboard."""
    user = request.user
    if user.is_funder:
        return redirect("reports:index")
    programme = Programme.objects.current()
    context = {"programme": programme}
    if user.is_coordinator:
        context["accompaniment"] = coordinator_summary(programme) | {"waiting": waiting_count()}
        return render(request, "reflex/home_coordinator.html", context)
    if user.is_professional:
        today = timezone.localdate()
        context["caseload"] = referent_workspace(user, programme, today) | the_day(user, today)
    return render(request, "reflex/home_professional.html", context)


def logout(request, *args, **kwargs):
    """Django's logout, which also tells the browser to drop what this site stored in it: the field screen's queue
    of entries (IndexedDB), its offline copies and its service worker (static/outreach/capture.js)."""
    response = LogoutView.as_view()(request, *args, **kwargs)
    if request.method == "POST":
        response["Clear-Site-Data"] = '"storage"'
    return response


@login_not_required
def accessibility(request):
    """The accessibility statement (RGAA), public: anyone must be able to read it and to report a barrier."""
    return render(request, "reflex/accessibility.html", {"statement": statement()})
