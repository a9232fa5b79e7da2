"""Write to (and purge) the access journal. Call from any view, export, PDF or import that touches a young person.

from reflex.audit.enums import AccessAction
from reflex.audit.journal import record_access
record_access(request.user, AccessAction.VIEW, youth=youth)
record_access(request.user, AccessAction.CHANGE, youth=youth, obj=follow_up)
record_access(request.user, AccessAction.EXPORT, count=queryset_count)

Entries cannot be changed or deleted (a database trigger refuses it); `purge_older_entries()` is the one way out,
used by `manage.py purge_access_journal` and the retention command.
"""

import calendar

from django.conf import settings
from django.db import connection

from .models import AccessEntry


def record_access(user, action, *, youth=None, obj=None, count=1):
    return AccessEntry.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        youth_id=getattr(youth, "pk", youth),
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=obj.pk if obj is not None else None,
        count=count,
    )


def purge_cutoff(now=None):
    """Entries before this moment are past the retention period (ACCESS_JOURNAL_RETENTION_MONTHS)."""
    now = now or database_now()
    months = now.year * 12 + now.month - 1 - settings.ACCESS_JOURNAL_RETENTION_MONTHS
    year, month = divmod(months, 12)
    day = min(now.day, calendar.monthrange(year, month + 1)[1])
    return now.replace(year=year, month=month + 1, day=day)


def database_now():
    """The database server's clock: the function that guards the journal checks the cutoff against it, so the cutoff
    is taken from it too (an application server whose clock runs ahead must not be refused, nor purge too much)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT now()")
        return cursor.fetchone()[0]


def purge_older_entries(now=None):
    """Delete the entries past the retention period, through the database function the trigger lets through.

    The login log kept by django-axes (successful and failed logins) goes at the same age."""
    from axes.models import AccessFailureLog, AccessLog

    cutoff = purge_cutoff(now)
    AccessLog.objects.filter(attempt_time__lt=cutoff).delete()  # django-axes' login log ages out with the journal
    AccessFailureLog.objects.filter(attempt_time__lt=cutoff).delete()
    with connection.cursor() as cursor:
        cursor.execute("SELECT audit_purge_access_journal(%s)", [cutoff])
        return cursor.fetchone()[0]
