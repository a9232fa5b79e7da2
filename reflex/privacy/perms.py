"""Who may use the privacy pages of a young person's record. Each rule takes the user first.

Records a user may not see are looked up through `Youth.objects.visible_to(user)`: outsiders and funders get a 404.
"""


def _active(user):
    return getattr(user, "is_authenticated", False) and user.is_active


def can_view_history(user):
    """The change history (who changed what, from what to what): coordinators, who answer for the consortium."""
    return _active(user) and user.is_coordinator


def is_data_protection_officer(user):
    """The person an administrator named (User.is_data_protection_officer) to answer requests for data."""
    return _active(user) and user.is_named_data_protection_officer


def can_export_subject_data(user, youth):
    """The subject-access export holds everything about the young person, the notes kept for their referent
    included: it is produced for them by their referent, or by the named data-protection officer. Never by a
    coordinator as such: they see who can produce it."""
    if not _active(user):
        return False
    return is_data_protection_officer(user) or (user.is_field_staff and youth.referent_id == user.pk)


def can_erase(user):
    """An erasure request anonymises the record for good: coordinators only."""
    return _active(user) and user.is_coordinator


def can_open_privacy_page(user, youth):
    return can_export_subject_data(user, youth) or can_view_history(user)


def youths_for_subject_access(user):
    """The records `user` may open the privacy pages of: the data-protection officer answers for any young
    person; everyone else, those they may see."""
    from youths.models import Youth

    if is_data_protection_officer(user):
        return Youth.objects.all()
    return Youth.objects.visible_to(user)
