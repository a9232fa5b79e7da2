"""Write to the access journal. Call from any view, export, PDF or import that touches a young person's record.

from reflex.audit.journal import record_access
record_access(request.user, AccessAction.VIEW, youth=youth)
record_access(request.user, AccessAction.CHANGE, youth=youth, obj=follow_up)
record_access(request.user, AccessAction.EXPORT, count=queryset_count)
"""

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
