"""The identity that django-axes counts failed logins against: the e-mail as the login matches it.

The login form normalises what is typed (NFKC, surrounding spaces removed: Django's `UsernameField`) and the account
is found case-insensitively (`UserManager.get_by_natural_key`). Counting the raw text instead would give
`Thomas.Roux@…`, `THOMAS.ROUX@…`, ` thomas.roux@…` and its full-width look-alike five tries each against one account.
So every variant the login would accept is counted under one key (settings.AXES_USERNAME_CALLABLE), per address
(AXES_LOCKOUT_PARAMETERS); the unlock page normalises what it is given the same way.
"""

import unicodedata

from django.conf import settings


def normalised_identity(value):
    """NFKC, stripped, lower-cased: `＂ＴＨＯＭＡＳ.roux@x.fr ＂` and `thomas.roux@x.fr` are one identity."""
    if value is None:
        return None
    return unicodedata.normalize("NFKC", str(value)).strip().lower()


def username_for_axes(request, credentials=None):
    """AXES_USERNAME_CALLABLE: the identity of a login attempt, from the credentials or the posted form."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        value = credentials.get(field)
    else:
        value = getattr(request, "data", getattr(request, "POST", {})).get(field)
    return normalised_identity(value)
