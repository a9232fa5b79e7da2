"""Fill French translations into a .po file from a JSON object {msgid: msgstr}. Dev tool, not used at run time.

Usage: python tools/po_fill.py <app>/locale/fr/LC_MESSAGES/django.po translations.json
Entries missing from the file are appended; existing ones are updated. Needs `pip install polib`.
"""

import json
import os
import sys

import polib


def main(po_path, json_path):
    po = polib.pofile(po_path) if _exists(po_path) else _new_catalog()
    with open(json_path, encoding="utf-8") as source:
        translations = json.load(source)
    for msgid, msgstr in translations.items():
        entry = po.find(msgid)
        if entry is None:
            po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
        else:
            entry.msgstr = msgstr
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    po.save(po_path)
    missing = [e.msgid for e in po if not (e.msgstr or any(e.msgstr_plural.values())) and not e.obsolete]
    if missing:
        print("Still untranslated:", *missing, sep="\n  ")


def _exists(path):
    return os.path.exists(path)


def _new_catalog():
    po = polib.POFile()
    po.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Language": "fr",
        "Plural-Forms": "nplurals=2; plural=(n > 1);",
    }
    return po


if __name__ == "__main__":
    main(*sys.argv[1:3])
