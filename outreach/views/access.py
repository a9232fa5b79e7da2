from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from ..models import OnlineOutreach, OutreachSession
from ..perms import can_edit_online, can_edit_session


def get_session(request, pk, *, for_edit=False):
    """The session (with its place and staff), for any field staff; 403 when editing is not allowed."""
    session = get_object_or_404(
        OutreachSession.objects.select_related("place__neighbourhood", "series").prefetch_related(
            "staff", "organisations"
        ),
        pk=pk,
    )
    if for_edit and not can_edit_session(request.user, session):
        raise PermissionDenied
    return session


def with_visibility(contacts, user):
    """Mark each named contact (or young person) `hidden` when the user may not see that record: one query."""
    from ..forms import youths_visible_to

    items = list(contacts)
    ids = {getattr(item, "youth_id", item.pk) for item in items}
    visible = set(youths_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    for item in items:
        item.hidden = getattr(item, "youth_id", item.pk) not in visible
    return items


def get_online(request, pk, *, for_edit=False):
    online = get_object_or_404(OnlineOutreach.objects.prefetch_related("staff"), pk=pk)
    if for_edit and not can_edit_online(request.user, online):
        raise PermissionDenied
    return online
