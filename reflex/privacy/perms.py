"""Who may use the privacy pages of a young person's record. Each rule takes the user first.

Records a user may not see are looked up through `Youth.objects.visible_to(user)`: outsiders and funders get a 404.
"""


def _active(user):
    return getattr(user, "is_authenticated", False) and user.is_active


def can_view_history(user):
    """The change history (who changed what, from what to what): coordinators, who answer for the consortium."""
    return _active(user) and user.is_coordinator


def can_export_subject_data(user, youth):
    """The subject-access export (everything held about the young person): coordinators and the referent."""
    return _active(user) and (user.is_coordinator or (user.is_professional and youth.referent_id == user.pk))


def can_erase(user):
    """An erasure request anonymises the record for good: coordinators only."""
    return _active(user) and user.is_coordinator


def can_open_privacy_page(user, youth):
    return can_export_subject_data(user, youth) or can_view_history(user)
