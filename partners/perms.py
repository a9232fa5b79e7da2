"""Who may do what with the consortium's settings and staff.

Every rule takes the user first and answers True or False; views and templates both call these.
"""


def is_field_staff(user):
    """Coordinators and professionals: everyone who meets young people. Funders are not."""
    return user.is_authenticated and user.is_field_staff


def can_manage_programme(user):
    """Programme settings, neighbourhoods and staff are the coordinator's."""
    return user.is_authenticated and user.is_coordinator


# How far each role reaches: nobody grants a role that reaches further than their own.
ROLE_RANK = {"funder": 1, "professional": 1, "coordinator": 2}


def is_administrator_account(member):
    """Accounts the administrators keep in the admin: admin-site access, superusers, the data-protection officer
    (who exports young people's data in clear)."""
    return member.is_superuser or member.is_staff or member.is_data_protection_officer


def can_manage_account(user, member):
    """Coordinators manage the consortium's staff, never an administrator's account: changing its e-mail would
    send its password-reset link to them. Superusers manage every account."""
    if not can_manage_programme(user):
        return False
    return user.is_superuser or member is None or not is_administrator_account(member)


def grantable_roles(user):
    """The roles `user` may give: none reaching further than their own (everything, for a superuser)."""
    from .enums import Role

    if user.is_superuser:
        return list(Role)
    rank = ROLE_RANK.get(user.role, 0) if user.is_active else 0
    return [role for role in Role if ROLE_RANK[role] <= rank]


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
