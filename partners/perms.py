"""Who may do what with the consortium's settings and staff.

Every rule takes the user first and answers True or False; views and templates both call these.
"""


def is_field_staff(user):
    """Coordinators and professionals: everyone who meets young people. Funders are not."""
    return user.is_authenticated and user.is_field_staff


def can_manage_programme(user):
    """Programme settings, neighbourhoods and staff are the coordinator's."""
    return user.is_authenticated and user.is_coordinator


def can_read_reports(user):
    """Everyone signed in reaches the reports area; what each sees there is filtered by the reports app."""
    return user.is_authenticated and user.is_active


def require(rule):
    """View decorator: 403 unless `rule(request.user)` holds. Login itself is enforced by the middleware."""
    from functools import wraps

    from django.core.exceptions import PermissionDenied

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not rule(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
