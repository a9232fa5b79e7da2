"""Online outreach (maraude numérique): list, log, and the named young people reached."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partners.perms import require
from reflex import submissions
from reflex.audit.enums import AccessAction
from reflex.audit.journal import record_access

from ..forms import OnlineOutreachForm, OnlineYouthForm, youths_visible_to
from ..models import OnlineOutreach
from ..perms import can_edit_online, can_use_outreach
from .access import get_online, with_visibility
from .logging import youth_search_context


@require(can_use_outreach)
def online_list(request):
    """Online outreach, latest first, 30 a page. Field staff."""
    page = Paginator(
        OnlineOutreach.objects.with_list_related_data().order_by("-date", "-start_time", "-pk"), 30
    ).get_page(request.GET.get("page"))
    return render(request, "outreach/online_list.html", {"page": page})


@require(can_use_outreach)
def online_create(request):
    if done := submissions.earlier(request):  # a replay: logged already
        return redirect(done.result_url or "outreach:online_list")
    form = OnlineOutreachForm(request.POST or None, initial={"date": timezone.localdate(), "staff": [request.user.pk]})
    if request.method == "POST" and submissions.has_token(request, form) and form.is_valid():
        if earlier := submissions.claim(request):  # two posts at once: the first one logged it
            return redirect(earlier.result_url or "outreach:online_list")
        online = form.save(commit=False)
        online.created_by = request.user
        online.save()
        form.save_m2m()
        messages.success(request, _("The online outreach was logged."))
        return submissions.answered(request, redirect("outreach:online_edit", online.pk))
    return render(request, "outreach/online_form.html", {"form": form})


@require(can_use_outreach)
def online_edit(request, pk):
    """Change an online outreach and list the named young people it reached. Its staff (7 days), coordinators."""
    online = get_online(request, pk)
    can_edit = can_edit_online(request.user, online)
    form = OnlineOutreachForm(request.POST or None, instance=online)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            form.save()
            messages.success(request, _("The online outreach was saved."))
            return redirect("outreach:online_edit", online.pk)
    context = {
        "form": form,
        "online": online,
        "can_edit": can_edit,
        "youths": with_visibility(online.youths.all(), request.user),
        "youth_form": OnlineYouthForm(user=request.user),
        **youth_search_context(request, reverse("outreach:online_edit", args=[online.pk])),
    }
    if context["picked_youth"] is not None:
        context["youth_form"] = OnlineYouthForm(user=request.user, initial={"youth": context["picked_youth"].pk})
    return render(request, "outreach/online_form.html", context)


@require_POST
@require(can_use_outreach)
def online_youth_add(request, pk):
    online = get_online(request, pk, for_edit=True)
    form = OnlineYouthForm(request.POST, user=request.user)
    if form.is_valid():
        youth = form.cleaned_data["youth"]
        online.youths.add(youth)
        record_access(request.user, AccessAction.CREATE, youth=youth, obj=online)
        messages.success(request, _("The young person was added."))
    else:
        messages.error(request, " ".join(form.errors.get("youth", [])))
    return redirect("outreach:online_edit", online.pk)


@require_POST
@require(can_use_outreach)
def online_youth_remove(request, pk, youth_pk):
    """Unlink a young person the user may see; for anyone else the answer is the same 404 whether or not they are
    linked (no hint that they are)."""
    online = get_online(request, pk, for_edit=True)
    youth = get_object_or_404(youths_visible_to(request.user).filter(online_outreach=online), pk=youth_pk)
    online.youths.remove(youth)
    record_access(request.user, AccessAction.CHANGE, youth=youth, obj=online)
    return redirect("outreach:online_edit", online.pk)
