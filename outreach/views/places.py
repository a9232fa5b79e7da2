"""Places: coordinators manage them; everyone picks them when planning."""

from django.contrib import messages
from django.db.models import Count, Max, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from partners.perms import require

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
    form = PlaceForm(request.POST or None, instance=place)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The place was saved."))
        return redirect("outreach:places")
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
