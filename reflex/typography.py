"""French typography, one rule for the whole interface (catalogues, templates, charts, PDFs).

The rule (that of the Imprimerie nationale's "Lexique des règles typographiques", as most French publishers apply it):

- a no-break space U+00A0 before ":" and inside « guillemets » (after « and before »), and between a number and "%";
- a narrow no-break space U+202F before ";", "!" and "?";
- numbers grouped by three with a no-break space, decimal comma: Django's French formats, asked for where figures
  are shown (`floatformat:"g"` in templates, `number_format(..., force_grouping=True)` in reflex/charts.py) rather
  than by USE_THOUSAND_SEPARATOR, which would also group the ids and years written into URLs and attributes.

`french_spacing` applies it to a text that was written with ordinary spaces (tools/french_typography.py runs it over
the French catalogues); `spacing_faults` lists what breaks it (the typography test scans the catalogues and rendered
pages with it). Only a space that is already there is changed or flagged: "10:30", "EPSG:4326", "https://" and
"?page=2" have none and are left alone. In templates, write the French punctuation that sits outside a translated
string as `&nbsp;:` (a colon) or `&#8239;?` (a question mark)."""

import re

NBSP = "\u00a0"
NARROW_NBSP = "\u202f"
_SPACES = " \u00a0\u202f"
SPACE_BEFORE = {":": NBSP, "»": NBSP, ";": NARROW_NBSP, "!": NARROW_NBSP, "?": NARROW_NBSP}

_before = re.compile(rf"(?<=\S)[{_SPACES}]+(?=[:;!?»])")
_after_opening = re.compile(rf"«[{_SPACES}]+")
_missing_after_opening = re.compile(r"«(?=[^\s])")
_missing_before_closing = re.compile(r"(?<=[^\s])»")
# A number, or a "%(value)s" placeholder, then a percent sign ("%%" in a python-format string).
_before_percent = re.compile(r"(?:(?<=\d)|(?<=\)[sd]))[ \u202f](?=%(?![(\w]))")


def french_spacing(text):
    """The text with the right no-break space before : ; ! ? » and after « (idempotent)."""
    text = _before.sub(lambda match: SPACE_BEFORE[match.string[match.end()]], text)
    text = _before_percent.sub(NBSP, text)
    return _after_opening.sub("«" + NBSP, text)


def spacing_faults(text):
    """Each place where the text breaks the rule, as a short excerpt around it."""
    faults = []
    for match in _before.finditer(text):
        if match.group() != SPACE_BEFORE[text[match.end()]]:
            faults.append(_excerpt(text, match.start()))
    faults.extend(_excerpt(text, match.start()) for match in _before_percent.finditer(text))
    for pattern in (_after_opening, _missing_after_opening, _missing_before_closing):
        for match in pattern.finditer(text):
            if pattern is not _after_opening or match.group() != "«" + NBSP:
                faults.append(_excerpt(text, match.start()))
    return faults


def _excerpt(text, position):
    return text[max(0, position - 30) : position + 10]
