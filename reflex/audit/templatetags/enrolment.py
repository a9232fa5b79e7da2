"""The password-reset e-mail's enrolment link (reflex/audit/second_factor.py, "Enrolment")."""

from django import template

from .. import second_factor

register = template.Library()


@register.simple_tag
def enrolment_url(user, protocol, domain):
    """A new one-time enrolment link when `user` owes the second factor and has no device yet, else ""."""
    return second_factor.enrolment_url(user, protocol=protocol, domain=domain)
