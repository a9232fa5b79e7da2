"""One French vocabulary: an English term has one French translation in every catalogue (locale/ and <app>/locale/),
unless a pgettext context says why two differ, and the funnel's stages read as the glossary of indicators names them.

To fix a failure: give both entries the same French; or, when the English word stands for two things, say which in
the code (`pgettext_lazy("referent change", "From")`, `{% translate "From" context "referent change" %}`) and move
the catalogue entry under that context (`msgctxt`)."""

from collections import defaultdict

import polib
from django.conf import settings
from django.utils import translation

CATALOGUES = sorted(
    path
    for path in settings.BASE_DIR.glob("**/locale/fr/LC_MESSAGES/django.po")
    if not {".venv", "var", "node_modules"} & set(path.relative_to(settings.BASE_DIR).parts)
)


def french_by_term():
    """{(context, msgid, plural msgid): {French: [catalogues]}} over every catalogue."""
    found = defaultdict(lambda: defaultdict(list))
    for path in CATALOGUES:
        for entry in polib.pofile(str(path)):
            if entry.obsolete or "fuzzy" in entry.flags:
                continue
            if entry.msgid_plural:
                french = tuple(entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural))
            else:
                french = entry.msgstr
            if any(french) if isinstance(french, tuple) else french:
                key = (entry.msgctxt, entry.msgid, entry.msgid_plural)
                found[key][french].append(_app(path))
    return found


def _app(path):
    return "/".join(path.relative_to(settings.BASE_DIR).parts[:-4]) or "locale/"


def test_every_app_catalogue_is_read():
    apps = {_app(path) for path in CATALOGUES}
    assert {"locale/", "youths", "outreach", "accompaniment", "partners", "reflex/reports", "reflex/audit"} <= apps


def test_one_english_term_has_one_french_translation_in_every_catalogue():
    conflicts = {
        (f"{context} | " if context else "") + msgid: dict(translations)
        for (context, msgid, _plural), translations in french_by_term().items()
        if len(translations) > 1
    }
    assert conflicts == {}, "one English term, two French ones (see this module's docstring)"


def test_the_stages_read_as_the_glossary_of_indicators_names_them():
    from reflex.reports.indicators import DEFINITIONS
    from youths.enums import Stage

    glossary_of_stage = {
        Stage.CONTACTED: "contacted",
        Stage.IDENTIFIED: "identified",
        Stage.MOBILISED: "mobilised",
        Stage.IN_PATHWAY: "entered",
        Stage.EXITED: "exited",
    }
    with translation.override("fr"):
        for stage, key in glossary_of_stage.items():
            term, stage_label = str(DEFINITIONS[key].label).lower(), str(stage.label).lower()
            assert stage_label in term, f"the stage '{stage_label}' and the glossary's '{term}'"
