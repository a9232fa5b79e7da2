from django import template
from django.utils.html import format_html

from reflex.submissions import FIELD, token_for_form

register = template.Library()


@register.simple_tag(takes_context=True)
def submission_token(context):
    """The hidden one-time token of a creating form (reflex/submissions/__init__.py)."""
    return format_html(
        '<input type="hidden" name="{}" value="{}" data-submission-token>',
        FIELD,
        token_for_form(context.get("request")),
    )
