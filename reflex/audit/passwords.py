"""Password strength per CNIL deliberation 2022-100 (recommendation on passwords), aiming at about 80 bits.

A password is accepted when it has at least 12 characters of the four kinds (lower case, upper case, digit,
other), or at least 14 characters of three kinds, or at least 20 characters (a passphrase), and at least 8
different characters. Common passwords and rotation are handled elsewhere: Django's CommonPasswordValidator
refuses the 20,000 most common ones, and passwords never expire (the CNIL advises against forced renewal).
"""

from django.contrib.auth.hashers import Argon2PasswordHasher
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

RULES = [(12, 4), (14, 3), (20, 1)]  # (minimum length, minimum kinds of characters)
MIN_DISTINCT = 8


def kinds_of_characters(password):
    return sum(
        [
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
    )


class CnilStrengthValidator:
    def validate(self, password, user=None):
        kinds = kinds_of_characters(password)
        strong = any(len(password) >= length and kinds >= minimum for length, minimum in RULES)
        if not strong or len(set(password)) < MIN_DISTINCT:
            raise ValidationError(self.get_help_text(), code="password_too_weak")

    def get_help_text(self):
        return _(
            "Use at least 12 characters mixing lower case, upper case, digits and symbols, or 14 characters of "
            "three of these kinds, or a passphrase of at least 20 characters."
        )


class ReflexArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id with OWASP's recommended parameters (19 MiB, 2 passes, one lane).

    Django's defaults (100 MiB, 8 lanes) cost a second per login on a 2-core server and 100 MiB per login in
    flight; these cost about a tenth of a second and 19 MiB, still far beyond what guessing at scale can afford.
    Hashes made with other parameters (or with PBKDF2 before) are rewritten with these at the next login.
    """

    time_cost = 2
    memory_cost = 19 * 1024
    parallelism = 1
