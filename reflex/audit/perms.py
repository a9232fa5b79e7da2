"""Who may read the security pages. Every rule takes the user first and answers True or False."""


def can_read_journal(user):
    """The access journal shows who opened which record: the coordinator's, to answer "who saw what"."""
    return user.is_authenticated and user.is_coordinator


def can_unlock_accounts(user):
    """Coordinators unlock staff accounts locked after repeated login failures (administrators use the admin)."""
    return user.is_authenticated and user.is_coordinator
