"""The accessibility statement ("Déclaration d'accessibilité", RGAA): what docs/accessibility.toml says.

The file lists the criteria the test suite measures (each with the test that does), those checked by hand (with who
and when, or not yet) and the known exceptions. The page /accessibilite/ is generated from it, so that the
statement says no more than what is checked; tests/reflex/test_accessibility_statement.py keeps the named tests real.
"""

import functools
import tomllib
from dataclasses import dataclass

from django.conf import settings

from reflex.typography import french_spacing

STATEMENT_FILE = settings.BASE_DIR / "docs" / "accessibility.toml"


@dataclass(frozen=True)
class Statement:
    standard: str
    status: str
    status_reason: str
    technologies: list
    tools: list
    remedy: str
    automatic: list
    manual: list
    exceptions: list
    contact: str


@functools.cache
def _read():
    with open(STATEMENT_FILE, "rb") as toml:
        return _spaced(tomllib.load(toml))


def _spaced(value):
    """The file's French, with the no-break spaces French typography asks for (reflex/typography.py)."""
    if isinstance(value, str):
        return french_spacing(value)
    if isinstance(value, list):
        return [_spaced(item) for item in value]
    if isinstance(value, dict):
        return {key: _spaced(item) for key, item in value.items()}
    return value


def statement():
    data = _read()
    head = data["statement"]
    return Statement(
        standard=head["standard"],
        status=head["status"],
        status_reason=head["status_reason"],
        technologies=head["technologies"],
        tools=head["tools"],
        remedy=head["remedy"],
        automatic=data.get("automatic", []),
        manual=data.get("manual", []),
        exceptions=data.get("exception", []),
        contact=settings.ACCESSIBILITY_CONTACT,
    )
