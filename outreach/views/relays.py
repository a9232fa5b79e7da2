"""Relays: who brings young people to the team, what they brought, and who was not seen for a while."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from partners.perms import require
from reflex import submissions

from .. import relays
from ..forms import RelayForm
from ..models import Relay
from ..perms import can_use_outreach


@require(can_use_outreach)
def relay_list(request):
    """The relays with what they brought (counts), the ones to revisit, and a form to add one. Field staff."""
    if done := submissions.earlier(request):  # a replay: recorded already
        return redirect(done.result_url or "outreach:relays")
    form = RelayForm(request.POST or None)
    if request.method == "POST" and submissions.has_token(request, form) and form.is_valid():
        if earlier := submissions.claim(request):  # two posts at once: the first one recorded it
            return redirect(earlier.result_url or "outreach:relays")
        relay = form.save(commit=False)
        relay.created_by = request.user
        relay.save()
        messages.success(request, _("The relay was recorded."))
        return submissions.answered(request, redirect("outreach:relays"))
    found = list(relays.with_figures())
    return render(
        request,
        "outreach/relays.html",
        {
            "relays": found,
            "stale": relays.stale(found, timezone.localdate()),
            "stale_days": relays.STALE_DAYS,
            "form": form,
        },
        status=400 if form.is_bound else 200,
    )


@require(can_use_outreach)
def relay_edit(request, pk):
    """Change a relay's label, kind or place, or stop using it. Field staff."""
    relay = get_object_or_404(Relay, pk=pk)
    form = RelayForm(request.POST or None, instance=relay)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The relay was saved."))
        return redirect("outreach:relays")
    return render(request, "outreach/relay_form.html", {"form": form, "relay": relay})
