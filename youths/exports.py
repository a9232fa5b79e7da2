"""Streamed exports of a filtered list of young people: CSV (UTF-8 with BOM, `;` for French spreadsheets) and XLSX.

Rows come from `queryset.iterator(chunk_size=…)`: at most one chunk is in memory. The XLSX is written by openpyxl in
write-only mode to a temporary file on disk, then streamed from it.
"""

import csv
import tempfile

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from reflex.spreadsheet_cells import describe_workbook, keep_header_in_view, name_table, safe_cell, safe_row

CHUNK_SIZE = 2000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def columns():
    """(header, function of a youth annotated with with_stage() and with_age())."""
    from .enums import Stage

    stages = dict(Stage.choices)
    return [
        (_("Number"), lambda y: y.pk),
        (_("First name"), lambda y: y.first_name),
        (_("Last name"), lambda y: y.last_name),
        (_("Nickname"), lambda y: y.nickname),
        (_("Sex"), lambda y: y.get_sex_display()),
        (_("Birth date"), lambda y: y.birth_date),
        (_("Birth year"), lambda y: y.known_birth_year),
        (_("Age at first contact"), lambda y: y.age_at_first_contact),
        (_("Phone"), lambda y: y.phone_display),
        (_("E-mail"), lambda y: y.email),
        (_("Social network handle"), lambda y: y.social_handle),
        (_("Neighbourhood"), lambda y: y.neighbourhood.name if y.neighbourhood else ""),
        (_("Town"), lambda y: y.town or (y.neighbourhood.town if y.neighbourhood else "")),
        (_("Qualification level"), lambda y: y.get_qualification_level_display()),
        (_("Situation at first contact"), lambda y: y.get_situation_at_first_contact_display()),
        (_("First contact"), lambda y: y.first_contact_on),
        (_("Last contact"), lambda y: y.last_contact_on),
        (_("Stage"), lambda y: str(stages.get(y.stage, y.stage))),
        (_("Stage reached on"), lambda y: y.stage_on),
        (_("Referent"), lambda y: y.referent.get_full_name() if y.referent else ""),
        (_("Referent's organisation"), lambda y: str(y.referent.organisation or "") if y.referent else ""),
        (_("Created by (organisation)"), lambda y: str(y.created_by_organisation or "")),
        (_("Information notice given on"), lambda y: y.information_notice_given_on),
        (_("Shares with the consortium"), lambda y: _("yes") if y.shares_with_consortium else _("no")),
        (_("Refused"), lambda y: _("yes") if y.refused_consent else _("no")),
        (_("Out of target"), lambda y: _("yes") if y.out_of_target_confirmed else _("no")),
    ]


def _rows(queryset, cols):
    """Each young person's cells, neutralised: a text the spreadsheet would take for a formula stays text."""
    for youth in queryset.iterator(chunk_size=CHUNK_SIZE):
        yield safe_row(getter(youth) for _header, getter in cols)


def _filename(extension):
    return f"jeunes-{timezone.localdate():%Y-%m-%d}.{extension}"


class _Echo:
    def write(self, value):
        return value


def csv_response(queryset):
    cols = columns()
    writer = csv.writer(_Echo(), delimiter=";")

    def lines():
        yield "\ufeff" + writer.writerow(safe_row(header for header, _getter in cols))
        for row in _rows(queryset, cols):
            yield writer.writerow(["" if value is None else value for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response


def xlsx_response(queryset):
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    cols = columns()
    workbook = Workbook(write_only=True)
    describe_workbook(workbook, _("Young people"))
    sheet = workbook.create_sheet(_("Young people"))
    keep_header_in_view(sheet)
    header = []
    for title, _getter in cols:
        cell = WriteOnlyCell(sheet, value=safe_cell(title))
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    height = 1
    for row in _rows(queryset, cols):
        sheet.append(row)
        height += 1
    name_table(sheet, len(cols), height)
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once sent
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=_filename("xlsx"), content_type=XLSX_TYPE)
