"""Overdue orientations, for the pages of accompaniment that list what is late (the referent's day, the
coordinator's dashboard) without accompaniment importing this app: those templates load this tag."""

from django import template

from accompaniment import perms as accompaniment_perms
from reflex.audit.enums import AccessAction
from reflex.audit.journal import record_access

from .. import perms
from ..models import Orientation

register = template.Library()

SHOWN = 5


@register.inclusion_tag("orientation/_overdue.html", takes_context=True)
def overdue_orientations(context, scope="mine"):
    """scope "mine": what the user answers or follows; "programme": every overdue orientation (coordinators)."""
    user = context["request"].user
    if not perms.can_use_directory(user) or (scope == "programme" and not user.is_coordinator):
        return {"orientations": [], "total": 0}
    overdue = Orientation.objects.overdue()
    if scope != "programme":
        overdue = overdue.followed_by(user)
    total = overdue.count()
    shown = list(overdue.select_related("barrier__pathway__youth", "service").order_by("expected_answer_on")[:SHOWN])
    if shown:
        record_access(user, AccessAction.VIEW, count=len(shown))
    return {"orientations": shown, "total": total}


@register.inclusion_tag("orientation/_pathway_orientations.html", takes_context=True)
def pathway_orientations(context, pathway):
    """The orientations of a pathway's barriers, on the young person's page, for whoever runs the pathway."""
    user = context["request"].user
    if not perms.can_use_directory(user) or not accompaniment_perms.can_manage_pathway(user, pathway):
        return {"orientations": []}
    orientations = list(
        Orientation.objects.filter(barrier__pathway=pathway)
        .select_related("barrier", "service")
        .order_by("-oriented_on", "-pk")
    )
    return {"orientations": orientations}
