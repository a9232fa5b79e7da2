"""Apply RéFLEX's French typography (reflex/typography.py) to every French catalogue. Dev tool, idempotent.

Usage: python tools/french_typography.py   (then `make messages`)
"""

import pathlib
import sys

import polib

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reflex.typography import french_spacing  # noqa: E402


def catalogues():
    for path in sorted(ROOT.glob("**/locale/fr/LC_MESSAGES/django.po")):
        if not {".venv", "var", "node_modules"} & set(path.relative_to(ROOT).parts):
            yield path


def main():
    for path in catalogues():
        catalogue, changed = polib.pofile(str(path)), 0
        for entry in catalogue:
            if entry.msgstr and french_spacing(entry.msgstr) != entry.msgstr:
                entry.msgstr, changed = french_spacing(entry.msgstr), changed + 1
            for index, text in entry.msgstr_plural.items():
                if french_spacing(text) != text:
                    entry.msgstr_plural[index], changed = french_spacing(text), changed + 1
        if changed:
            catalogue.save(str(path))
            print(f"{path.relative_to(ROOT)}: {changed} entries")


if __name__ == "__main__":
    main()
