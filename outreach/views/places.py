"""Places: coordinators manage them; everyone picks them when planning."""

from django.contrib import messages
from django.db.models import Count, Max, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from partners.perms import require
from reflex import submissions

from .. import place_map
from ..enums import SessionStatus
from ..forms import PlaceForm
from ..models import Place, TerritoryOutline
from ..perms import can_manage_places, can_use_outreach


@require(can_use_outreach)
def place_list(request):
    """All places with their number of done sessions and the last one. Field staff read; coordinators edit."""
    done = Q(sessions__status=SessionStatus.DONE)
    places = Place.objects.select_related("neighbourhood").annotate(
        done_sessions=Count("sessions", filter=done), last_session=Max("sessions__date", filter=done)
    )
    return render(
        request, "outreach/place_list.html", {"places": places, "can_manage": can_manage_places(request.user)}
    )


@require(can_manage_places)
def place_edit(request, pk=None):
    """Create or change a place. Coordinators."""
    place = get_object_or_404(Place, pk=pk) if pk else None
    creating = place is None
    if creating and (done := submissions.earlier(request)):  # a replay: created already
        return redirect(done.result_url or "outreach:places")
    form = PlaceForm(request.POST or None, instance=place)
    if request.method == "POST" and (not creating or submissions.has_token(request, form)) and form.is_valid():
        if creating and (earlier := submissions.claim(request)):  # two posts at once: the first one created it
            return redirect(earlier.result_url or "outreach:places")
        form.save()
        messages.success(request, _("The place was saved."))
        return submissions.answered(request, redirect("outreach:places"))
    others = Place.objects.exclude(pk=place.pk if place else None).filter(latitude__isnull=False)
    points = [
        {
            "place_id": other.pk,
            "name": other.name,
            "latitude": other.latitude,
            "longitude": other.longitude,
            "value": None,
        }
        for other in others.only("pk", "name", "latitude", "longitude")
    ]
    if place and place.latitude is not None:
        points.append(
            {
                "place_id": place.pk,
                "name": place.name,
                "latitude": place.latitude,
                "longitude": place.longitude,
                "value": 1,
            }
        )
    outline = TerritoryOutline.objects.first()
    drawing = place_map.layout(points, outline.areas if outline else ())
    return render(request, "outreach/place_form.html", {"form": form, "place": place, "map": drawing})
