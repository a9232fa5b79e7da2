"""One French vocabulary: an English term has one French translation in every catalogue (locale/ and <app>/locale/),
unless a pgettext context says why two differ; the words of the interface are those of locale/glossary.json, and
the funnel's stages read as the glossary of indicators names them.

To fix a failure: give both entries the same French; or, when the English word stands for two things, say which in
the code (`pgettext_lazy("referent change", "From")`, `{% translate "From" context "referent change" %}`) and move
the catalogue entry under that context (`msgctxt`)."""

import json
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


GLOSSARY = {
    msgid: french
    for msgid, french in json.loads(
        (settings.BASE_DIR / "locale" / "glossary.json").read_text(encoding="utf-8")
    ).items()
    if msgid != "_"
}


def _plain(msgid):
    """ "Exit:" and "exit" are the term "Exit"."""
    return msgid.strip().rstrip(":").strip().lower()


def test_the_interface_says_each_glossary_term_in_its_french_and_that_french_means_nothing_else():
    glossary_msgids = {_plain(msgid) for msgid in GLOSSARY}
    same_concept = defaultdict(set)  # French (lower case) -> the glossary terms it translates
    for msgid, french in GLOSSARY.items():
        same_concept[french.lower()].add(_plain(msgid))
    wrong, taken = {}, {}
    for (context, msgid, plural), translations in french_by_term().items():
        if context or plural:
            continue
        for french in translations:
            if msgid in GLOSSARY and french != GLOSSARY[msgid]:
                wrong[msgid] = (french, GLOSSARY[msgid])
            concept = same_concept.get(french.lower())
            if concept and _plain(msgid) not in concept and _plain(msgid) not in glossary_msgids:
                taken[msgid] = french
    assert wrong == {}, "translated otherwise than locale/glossary.json says: (found, glossary)"
    assert taken == {}, "a glossary term's French used for another English term (one French word, two concepts)"
