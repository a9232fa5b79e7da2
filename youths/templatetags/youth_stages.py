"""`{% stage_badge stage label %}`: a funnel stage as a coloured badge (lists show one per row: no include)."""

from django import template
from django.utils.html import format_html

from ..enums import Stage

register = template.Library()

BADGE_CLASSES = {
    Stage.EXITED: "text-bg-success",
    Stage.LOST: "text-bg-secondary",
    Stage.IN_PATHWAY: "text-bg-primary",
    Stage.MOBILISED: "text-bg-info",
    Stage.IDENTIFIED: "text-bg-warning",
}


@register.simple_tag
def stage_badge(stage, label):
    css = BADGE_CLASSES.get(stage, "text-bg-light border")
    return format_html('<span class="badge youth-stage {}">{}</span>', css, label)
