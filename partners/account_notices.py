"""E-mails telling a staff member that their access changed: role, active or not, organisation, e-mail address.

The person learns of every change made to their account by someone else, and the former address learns that the
account moved to another one (a takeover through the password-reset link would not go unnoticed). Sent at once;
the change itself is journaled by reflex.audit (StaffAccountEvent).
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

WATCHED = ("role", "is_active", "organisation_id", "email")


def snapshot(member):
    """What the notices compare: the account's watched values before the form changes them."""
    if member is None or member.pk is None:
        return None
    return {name: getattr(member, name) for name in WATCHED}


def _changes(member, before):
    from .enums import Role
    from .models import Organisation

    changes = []
    if before["role"] != member.role:
        changes.append((_("Role"), Role(before["role"]).label, member.get_role_display()))
    if before["is_active"] != member.is_active:
        changes.append(
            (_("Active"), _("yes") if before["is_active"] else _("no"), _("yes") if member.is_active else _("no"))
        )
    if before["organisation_id"] != member.organisation_id:
        organisations = Organisation.objects.in_bulk([before["organisation_id"], member.organisation_id])
        changes.append(
            (
                _("Organisation"),
                str(organisations.get(before["organisation_id"], "–")),
                str(organisations.get(member.organisation_id, "–")),
            )
        )
    if before["email"] != member.email:
        changes.append((_("E-mail address"), before["email"], member.email))
    return changes


def notify_changes(member, before, *, by):
    """Send the person (and their former address) the changes of their access, if any. Returns the changes."""
    if before is None:
        return []
    changes = _changes(member, before)
    if not changes:
        return []
    context = {"member": member, "changes": changes, "by": by, "site_name": "RéFLEX"}
    subject = _("RéFLEX: your access was changed")
    body = render_to_string("partners/email/access_changed.txt", context)
    recipients = [member.email]
    if before["email"] != member.email:
        recipients.append(before["email"])
    for recipient in recipients:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])
    return changes
