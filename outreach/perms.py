"""Who may do what in outreach. Every rule takes the user first; views and templates both call these.

- Field staff (coordinators and professionals) see the planning, log sessions and online outreach, read analytics.
- Coordinators manage places and edit every session.
- A professional completes and edits a session they take part in (or created), whatever its date: the log of a
  session is never left half-saved by a window closing between its pages (creation and completion follow the same
  rule, `can_edit_session`).
- Funders see outreach only through the reports: every page here answers 403.
"""

from datetime import timedelta

from django.utils import timezone

EDIT_WINDOW_DAYS = 7


def can_use_outreach(user):
    """The planning, the logs and the analytics are for field staff."""
    return user.is_authenticated and user.is_field_staff


def can_manage_places(user):
    """Places are managed by coordinators (everyone picks from them)."""
    return user.is_authenticated and user.is_coordinator


def can_edit_session(user, session):
    """Coordinators edit all; a professional completes and edits the sessions they were on, or created, whatever
    their date."""
    if not can_use_outreach(user):
        return False
    if user.is_coordinator:
        return True
    return session.created_by_id == user.pk or any(member.pk == user.pk for member in session.staff.all())


def can_edit_online(user, online):
    """Same rule as sessions for online outreach."""
    if not can_use_outreach(user):
        return False
    if user.is_coordinator:
        return True
    takes_part = online.created_by_id == user.pk or any(member.pk == user.pk for member in online.staff.all())
    return takes_part and online.date >= timezone.localdate() - timedelta(days=EDIT_WINDOW_DAYS)
