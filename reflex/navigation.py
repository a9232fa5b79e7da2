"""The main navigation, by role. Each entry: (label, URL name, path prefix that marks it active)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

FIELD_STAFF_ITEMS = [
    (_("Home"), "home", None),
    (_("Young people"), "youths:list", "/jeunes/"),
    (_("Outreach"), "outreach:index", "/aller-vers/"),
    (_("Accompaniment"), "accompaniment:index", "/accompagnement/"),
    (_("Services"), "orientation:directory", "/orientation/"),
    (_("Reports"), "reports:index", "/rapports/"),
]
COORDINATOR_ITEMS = [
    *FIELD_STAFF_ITEMS,
    (_("Consortium"), "partners:programme", "/consortium/"),
]
FUNDER_ITEMS = [
    (_("Reports"), "reports:index", "/rapports/"),
]


def items_for(user):
    if not user.is_authenticated:
        return []
    if user.is_coordinator:
        return COORDINATOR_ITEMS
    if user.is_funder:
        return FUNDER_ITEMS
    if user.is_professional:
        return FIELD_STAFF_ITEMS
    return []


def navigation(request):
    user = getattr(request, "user", None)
    if user is None:
        return {"nav_items": []}
    nav_items = []
    for label, url_name, prefix in items_for(user):
        url = reverse(url_name)
        active = request.path == url if prefix is None else request.path.startswith(prefix)
        nav_items.append({"label": label, "url": url, "active": active})
    return {"nav_items": nav_items}
