"""Import of existing young people from a CSV or XLSX file: read → preview → confirm (all rows or none).

`read_table(uploaded_file)` returns (rows, file_errors): rows are dicts {field: text} keyed by our field names, with
their line number; CSV files may be UTF-8 (with or without BOM) or Windows-1252, separated by `;`, `,` or tabs; XLSX
files must hold values (no formulas, no merged cells). `preview(rows)` validates each row with the same form as the
record page (`YouthForm`) and runs the same duplicate search (`youths.duplicates`), against the database and the
earlier lines of the file. `write(rows, user, create_anyway)` writes every row or raises: call it inside a transaction.
"""

import csv
import datetime
import io
import re
import zipfile
from dataclasses import asdict, dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partners.models import Neighbourhood
from reflex.spreadsheet_cells import FORMULA_TRIGGERS, safe_row
from reflex.typography import NBSP

from . import duplicates, funnel, identity
from .enums import QualificationLevel, Sex
from .forms import YouthForm

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
MAX_CELL = 5000  # characters in one cell
MAX_COLUMNS = 40
MAX_BLANK_LINES = 1000  # empty lines tolerated among the young people
MAX_XLSX_UNPACKED = 40 * 1024 * 1024  # an XLSX is a zip: its size once unpacked, read from its directory
MAX_TEXT = 5 * 1024 * 1024  # characters kept from the whole file (shared strings can repeat one long text)

# Column of the template → field of the record. Headers are compared folded (accents, case, spaces ignored).
COLUMNS = [
    ("prenom", "first_name", gettext_lazy("First name")),
    ("nom", "last_name", gettext_lazy("Last name")),
    ("surnom", "nickname", gettext_lazy("Nickname")),
    ("sexe", "sex", gettext_lazy("F, M or X")),
    ("date_naissance", "birth_date", gettext_lazy("DD/MM/YYYY")),
    ("annee_naissance", "birth_year", gettext_lazy("when the date is unknown")),
    ("telephone", "phone", ""),
    ("email", "email", ""),
    ("reseau_social", "social_handle", ""),
    ("quartier", "neighbourhood", gettext_lazy("name of a programme neighbourhood")),
    ("commune", "town", ""),
    ("premier_contact", "first_contact_on", gettext_lazy("DD/MM/YYYY")),
    ("niveau_qualification", "qualification_level", gettext_lazy("infra3, 3, 4, 5+")),
    ("notice_remise_le", "information_notice_given_on", gettext_lazy("DD/MM/YYYY")),
    ("partage_consortium", "shares_with_consortium", gettext_lazy("yes or no")),
    ("notes", "notes", ""),
]
ALIASES = {
    "prenom": "first_name",
    "firstname": "first_name",
    "nom": "last_name",
    "nomdefamille": "last_name",
    "lastname": "last_name",
    "surnom": "nickname",
    "pseudo": "nickname",
    "sexe": "sex",
    "datenaissance": "birth_date",
    "datedenaissance": "birth_date",
    "anneenaissance": "birth_year",
    "anneedenaissance": "birth_year",
    "telephone": "phone",
    "tel": "phone",
    "portable": "phone",
    "email": "email",
    "mail": "email",
    "courriel": "email",
    "reseausocial": "social_handle",
    "quartier": "neighbourhood",
    "commune": "town",
    "ville": "town",
    "premiercontact": "first_contact_on",
    "datepremiercontact": "first_contact_on",
    "niveauqualification": "qualification_level",
    "niveaudequalification": "qualification_level",
    "qualification": "qualification_level",
    "noticeremisele": "information_notice_given_on",
    "notice": "information_notice_given_on",
    "partageconsortium": "shares_with_consortium",
    "partage": "shares_with_consortium",
    "notes": "notes",
}
DATE_FIELDS = {"birth_date", "first_contact_on", "information_notice_given_on"}
YES = {"oui", "o", "yes", "y", "1", "vrai", "true", "x"}
NO = {"non", "n", "no", "0", "faux", "false", ""}
SEX_WORDS = {"f": Sex.FEMALE, "femme": Sex.FEMALE, "m": Sex.MALE, "h": Sex.MALE, "homme": Sex.MALE, "x": Sex.OTHER}
QUALIFICATION_WORDS = {
    "infra3": QualificationLevel.NONE,
    "infra 3": QualificationLevel.NONE,
    "sans diplome": QualificationLevel.NONE,
    "3": QualificationLevel.LEVEL_3,
    "cap": QualificationLevel.LEVEL_3,
    "bep": QualificationLevel.LEVEL_3,
    "4": QualificationLevel.LEVEL_4,
    "bac": QualificationLevel.LEVEL_4,
    "5": QualificationLevel.LEVEL_5_PLUS,
    "5+": QualificationLevel.LEVEL_5_PLUS,
    "": QualificationLevel.UNKNOWN,
    "inconnu": QualificationLevel.UNKNOWN,
}


@dataclass
class Row:
    line: int
    values: dict
    status: str = "new"  # new, duplicate, error
    errors: list = field(default_factory=list)
    candidates: list = field(default_factory=list)  # [(id, label)]
    display_name: str = ""
    out_of_target: bool = False


class ImportFileError(Exception):
    pass


def template_csv():
    """The downloadable template: the header line and one example."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(safe_row(column for column, _field, _hint in COLUMNS))
    writer.writerow(
        safe_row(
            [
                "Élodie",
                "Martin",
                "Lodie",
                "F",
                "14/03/2005",
                "",
                "06 12 34 56 78",
                "elodie.martin@exemple.fr",
                "@lodie38",
                "Champ-Fleuri",
                "Bourgoin-Jallieu",
                "02/03/2026",
                "3",
                "09/03/2026",
                "oui",
                "",
            ]
        )
    )
    return "\ufeff" + out.getvalue()


def read_table(uploaded):
    """(list of {"line": n, "values": {field: text}}) or raise ImportFileError with a French message.

    The file is read one line at a time and abandoned as soon as a bound is passed (lines, columns, length of a
    cell, size of an XLSX once unpacked): a file of a million cells costs what its first few thousand lines cost.
    """
    if uploaded.size > MAX_BYTES:
        raise ImportFileError(_("The file is too large (5 MB at most)."))
    name = (uploaded.name or "").lower()
    uploaded.seek(0)
    signature = uploaded.read(2)
    uploaded.seek(0)
    if name.endswith(".xlsx") or signature == b"PK":
        lines = _xlsx_lines(uploaded)
    elif name.endswith((".csv", ".txt")) or not name:
        lines = _csv_lines(uploaded.read())
    else:
        raise ImportFileError(_("Send a CSV or XLSX file."))
    try:
        return _rows(lines)
    finally:
        lines.close()


def _rows(lines):
    header = next(lines, None)
    if header is None:
        raise ImportFileError(_("The file is empty."))
    _check_width(header, 1)
    mapping = {}
    for index, title in enumerate(header):
        key = identity.fold(str(title or "")).replace(" ", "").replace("_", "")
        target = ALIASES.get(key)
        if target and target not in mapping.values():
            mapping[index] = target
    if not {"first_name", "nickname"} & set(mapping.values()):
        raise ImportFileError(
            _("The first line must hold the column names of the template (at least “prenom” or “surnom”).")
        )
    rows = []
    kept = 0
    for offset, cells in enumerate(lines, start=2):
        if offset > MAX_ROWS + MAX_BLANK_LINES + 1:
            raise ImportFileError(_("The file holds more than %(max)s lines: split it.") % {"max": MAX_ROWS})
        _check_width(cells, offset)
        texts = [_text(cell) for cell in cells]
        for index, text in enumerate(texts):
            if len(text) > MAX_CELL:
                raise ImportFileError(
                    _("Line %(line)s, column %(column)s holds more than %(max)s characters.")
                    % {"line": offset, "column": index + 1, "max": MAX_CELL}
                )
        if not any(texts):
            continue
        values = {target: texts[index] if index < len(texts) else "" for index, target in mapping.items()}
        kept += sum(len(text) for text in values.values())
        if kept > MAX_TEXT:
            raise ImportFileError(_("The file holds too much text (line %(line)s): split it.") % {"line": offset})
        rows.append({"line": offset, "values": values})
        if len(rows) > MAX_ROWS:
            raise ImportFileError(_("The file holds more than %(max)s lines: split it.") % {"max": MAX_ROWS})
    if not rows:
        raise ImportFileError(_("The file holds no young person under its header line."))
    return rows


def _check_width(cells, line):
    if len(cells) > MAX_COLUMNS and any(str(cell or "").strip() for cell in cells[MAX_COLUMNS:]):
        raise ImportFileError(
            _("Line %(line)s has more than %(max)s columns: keep the columns of the template.")
            % {"line": line, "max": MAX_COLUMNS}
        )


def _text(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().strftime("%d/%m/%Y")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    if text.startswith("'") and text[1:2] and text[1] in FORMULA_TRIGGERS:
        text = text[1:]  # the apostrophe our exports put before such a text (reflex.spreadsheet_cells)
    return text


def _csv_lines(content):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly anything; latin-1 everything
        text = content.decode("latin-1")
    if "\x00" in text:
        raise ImportFileError(_("This file is not a CSV text file."))
    first_line = text.split("\n", 1)[0]
    delimiter = max([";", ",", "\t"], key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        yield from reader
    except csv.Error as exc:
        raise ImportFileError(_("The CSV file could not be read: %(error)s") % {"error": exc}) from exc


def _xlsx_lines(uploaded):
    """The first sheet's lines, streamed (openpyxl's read-only mode), after checks that need not read the cells."""
    from openpyxl import load_workbook

    try:
        archive = zipfile.ZipFile(uploaded)
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise ImportFileError(_("This XLSX file could not be opened; save it again from your spreadsheet.")) from exc
    if unpacked > MAX_XLSX_UNPACKED:
        raise ImportFileError(
            _("This XLSX file is too large once unpacked (%(max)s lines of the template at most): split it.")
            % {"max": MAX_ROWS}
        )
    uploaded.seek(0)
    try:
        workbook = load_workbook(uploaded, read_only=True, data_only=False)
        sheet = workbook.worksheets[0]
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds of errors on a damaged file
        raise ImportFileError(_("This XLSX file could not be opened; save it again from your spreadsheet.")) from exc
    try:
        merged = _merged_cells(archive, sheet._worksheet_path)
        if merged:
            raise ImportFileError(
                _("The sheet has merged cells (%(cells)s): unmerge them, one young person per line.")
                % {"cells": ", ".join(merged)}
            )
        for row in sheet.iter_rows(max_col=MAX_COLUMNS + 1):
            values = []
            for cell in row:
                value = cell.value
                if getattr(cell, "data_type", None) == "f" or (isinstance(value, str) and value.startswith("=")):
                    raise ImportFileError(
                        _("Cell %(cell)s holds a formula: paste the values instead (Paste special › Values).")
                        % {"cell": cell.coordinate}
                    )
                values.append(value)
            yield values
    finally:
        workbook.close()


def _merged_cells(archive, sheet_path):
    """The first merged ranges of the sheet, read from its XML in chunks (the merge list follows the cells)."""
    pattern = re.compile(rb'<(?:\w+:)?mergeCell ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')
    found, tail = [], b""
    with archive.open(sheet_path.lstrip("/")) as xml:
        while chunk := xml.read(1 << 20):
            data = tail + chunk
            found.extend(match.decode() for match in pattern.findall(data))
            if len(found) >= 3:
                break
            tail = data[-200:]
    return list(dict.fromkeys(found))[:3]


def _form_data(values, neighbourhoods):
    """Our form's data from one line's texts, plus the errors of values the form could not even read."""
    errors = []
    data = {"confirm_out_of_target": "on", "qualification_level": QualificationLevel.UNKNOWN}
    for key, value in values.items():
        if key in DATE_FIELDS:
            parsed = _date(value)
            if value and parsed is None:
                errors.append(_("%(column)s: “%(value)s” is not a date (DD/MM/YYYY).") % _named(key, value))
            data[key] = parsed.isoformat() if parsed else ""
        elif key == "sex":
            sex = SEX_WORDS.get(identity.fold(value))
            if value and sex is None:
                errors.append(_("%(column)s: “%(value)s” is not F, M or X.") % _named(key, value))
            data[key] = sex or ""
        elif key == "qualification_level":
            level = QUALIFICATION_WORDS.get(identity.fold(value))
            if level is None and value in QualificationLevel.values:
                level = value
            if level is None:
                errors.append(_("%(column)s: “%(value)s” is not one of infra3, 3, 4, 5+.") % _named(key, value))
            data[key] = level or QualificationLevel.UNKNOWN
        elif key == "neighbourhood":
            found = neighbourhoods.get(identity.fold(value))
            if value and found is None:
                errors.append(
                    _("%(column)s: “%(value)s” is not a neighbourhood of the programme.") % _named(key, value)
                )
            data[key] = found or ""
        elif key == "shares_with_consortium":
            folded = identity.fold(value)
            if folded not in YES | NO:
                errors.append(_("%(column)s: “%(value)s” is neither yes nor no.") % _named(key, value))
            if folded in YES:
                data[key] = "on"
        else:
            data[key] = value
    if not data.get("first_contact_on"):
        data["first_contact_on"] = timezone.localdate().isoformat()
    return data, errors


def _named(key, value):
    from .models import Youth

    return {"column": capfirst(Youth._meta.get_field(key).verbose_name), "value": value[:40]}


def _date(text):
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y"):
        try:
            return datetime.datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None


def _neighbourhoods():
    return {identity.fold(n.name): n.pk for n in Neighbourhood.objects.filter(is_active=True)}


def validate(rows, progress=None, known_duplicates=None):
    """(Row objects with status and messages, {line: bound valid YouthForm}). `progress(n)` after each line.

    The duplicate search runs for all the valid lines together (`duplicates.find_candidates_for_many`).
    `known_duplicates`: the lines found to be possible duplicates by an earlier check (the preview), whose
    search is not run again.
    """
    from .forms import programme_age_range

    neighbourhoods = _neighbourhoods()
    age_range = programme_age_range()
    results, forms, seen, in_file_of = [], {}, {}, {}
    for done, raw in enumerate(rows, start=1):
        if progress:
            progress(done)
        row = Row(line=raw["line"], values=raw["values"])
        data, errors = _form_data(raw["values"], neighbourhoods)
        form = YouthForm(data, age_range=age_range)
        if not form.is_valid():
            for name, messages in form.errors.items():
                label = form.fields[name].label if name in form.fields else ""
                errors.extend(f"{label}{NBSP}: {message}" if label else message for message in messages)
        row.errors = errors
        if errors:
            row.status = "error"
        else:
            forms[row.line] = form
            row.out_of_target = form.out_of_target
            identity_data = form.identity_data()
            row.display_name = _display(identity_data)
            in_file_of[row.line], keys = _same_in_file(identity_data, seen)
            for kind, key in keys:
                if key:
                    seen.setdefault((kind, key), []).append(row.line)
        results.append(row)
    valid = [row for row in results if row.status != "error"]
    if known_duplicates is None:
        found = duplicates.find_candidates_for_many([forms[row.line].identity_data() for row in valid], limit=3)
        for row, candidates in zip(valid, found, strict=True):
            row.candidates = [(candidate.youth.pk, candidate.youth.display_name) for candidate in candidates]
            row.candidates += in_file_of[row.line]
    else:
        for row in valid:
            if row.line in known_duplicates:
                row.candidates = [(None, "")]
    for row in valid:
        if row.candidates:
            row.status = "duplicate"
    return results, forms


def _display(data):
    full = f"{data.get('first_name') or ''} {data.get('last_name') or ''}".strip()
    return full or data.get("nickname") or ""


def _same_in_file(data, seen):
    """Earlier lines of the same file that look like the same person (same name key or phone); `seen` indexes them."""
    keys = [
        ("name", identity.name_key(data.get("first_name"), data.get("last_name"))),
        ("phone", identity.phone_key(data.get("phone"))),
    ]
    lines = sorted({line for kind, key in keys if key for line in seen.get((kind, key), [])})
    return [(None, _("line %(line)s of this file") % {"line": line}) for line in lines], keys


def write(forms, rows, user, create_anyway, progress=None):
    """Create every new row, and the possible duplicates listed in `create_anyway` (line numbers). Returns youths.

    The stored funnel facts of the new records are computed together at the end (one statement per 500 records)
    rather than after each record."""
    created = []
    with funnel.refreshing_later():
        for done, row in enumerate(rows, start=1):
            if progress:
                progress(done)
            if row.status == "error":
                raise ValueError("Rows with errors cannot be written.")
            if row.status == "duplicate" and row.line not in create_anyway:
                continue
            youth = forms[row.line].save(commit=False)
            youth.created_by = user
            youth.created_by_organisation = user.organisation
            youth.save()
            created.append(youth)
    for start in range(0, len(created), 500):
        funnel.refresh([youth.pk for youth in created[start : start + 500]])
    return created


# The two steps the worker runs on a PendingImport (youths/tasks.py), with their progress.


def preview_rows(report):
    """The preview's lines as the page shows them."""
    return [Row(**{**entry, "values": {}}) for entry in report]


def check_pending(pending, progress):
    """Check every line (form, duplicates): the preview. Writes nothing but the preview."""
    from .enums import ImportStatus

    rows, _forms = validate(pending.rows, progress)
    pending.report = [{**asdict(row), "values": {}} for row in rows]
    pending.status = ImportStatus.PREVIEW
    pending.done_count = len(rows)
    pending.save(update_fields=["report", "status", "done_count"])


def write_pending(pending, progress):
    """Check the lines again (the records may have changed since the preview), then write them all or none."""
    from reflex.audit.enums import AccessAction
    from reflex.audit.journal import record_access

    from .enums import ImportStatus
    from .models import PendingImport

    PendingImport.objects.filter(pk=pending.pk).update(status=ImportStatus.WRITING)
    total = len(pending.rows)
    # The lines are checked again (a record may have changed since the preview), but the duplicate search is not
    # run twice: the preview's possible duplicates are skipped unless "create anyway" was ticked.
    known_duplicates = {entry["line"] for entry in pending.report if entry["status"] == "duplicate"}
    rows, forms = validate(pending.rows, lambda done: progress(done // 2), known_duplicates=known_duplicates)
    in_error = [row.line for row in rows if row.status == "error"]
    if in_error:
        raise ImportFileError(
            _("Lines %(lines)s are now in error (the records changed since the preview): send the file again.")
            % {"lines": ", ".join(map(str, in_error[:10]))}
        )
    with transaction.atomic():
        created = write(
            forms, rows, pending.author, set(pending.create_anyway), lambda done: progress((total + done) // 2)
        )
        record_access(pending.author, AccessAction.IMPORT, count=len(created))
        PendingImport.objects.filter(pk=pending.pk).update(
            status=ImportStatus.DONE,
            created_count=len(created),
            done_count=total,
            rows=[],
            report=[],
            finished_at=timezone.now(),
        )
    return created
