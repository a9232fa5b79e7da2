"""Who may see and do what with young people's records. Each rule takes the user first; views and templates use them.

Records a user may not see are looked up through `Youth.objects.visible_to(user)`, so they get a 404.
"""


def can_use_youth_records(user):
    """Coordinators and professionals work with records; funders never see personal data."""
    return getattr(user, "is_authenticated", False) and user.is_field_staff


def can_view_youth(user, youth):
    """Same rule as `Youth.objects.visible_to(user)`: coordinators see all; professionals see the young people
    they refer, those without a referent yet and those who agreed to share with the consortium partners."""
    if not can_use_youth_records(user):
        return False
    if user.is_coordinator:
        return True
    return youth.referent_id in (None, user.pk) or youth.shares_with_consortium


def can_edit_youth(user, youth):
    """Whoever may see a record may complete it: records are built by the partners together."""
    return can_view_youth(user, youth) and youth.merged_into_id is None


def can_see_health_details(user, youth):
    """Health details (barriers of the health category, confidential notes) are for the referent only."""
    return getattr(user, "is_authenticated", False) and user.is_active and youth.referent_id == user.pk


def can_merge_youths(user):
    """Merging two records changes the work of several partners: coordinators only."""
    return getattr(user, "is_authenticated", False) and user.is_coordinator


def can_export_youths(user):
    """Bulk exports of personal data: coordinators only."""
    return getattr(user, "is_authenticated", False) and user.is_coordinator


def can_import_youths(user):
    """Bulk imports: coordinators only."""
    return getattr(user, "is_authenticated", False) and user.is_coordinator
