"""Cells of the spreadsheets the application writes hold data, never formulas (OWASP's CSV-injection rule).

A text that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel or LibreOffice as a formula
(or a DDE command): a first name `=HYPERLINK("http://…?x="&B2;"Cliquez")` would leak another cell when clicked. Such
a text is written with a leading apostrophe, which the spreadsheet shows as text and never evaluates. Numbers,
dates and booleans are written as they are. Every CSV and XLSX writer passes its rows through `safe_row` (headers
included); `safe_cell` is the rule for one value.
"""

from django.utils.functional import Promise

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if isinstance(value, Promise):  # a lazily translated label
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def safe_row(values):
    return [safe_cell(value) for value in values]


def keep_header_in_view(sheet):
    """The first row (the column headers) stays in view when scrolling and is printed atop every page. A write-only
    sheet takes this before its first row is appended."""
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"


def name_table(sheet, width, height):
    """Name the sheet's table for screen readers (RGAA, accessible documents): the sheet-scoped defined name
    `ColumnTitle`, the convention JAWS and NVDA follow, spans the table from A1, whose first row holds the column
    headers (`height` counts that row), so that each cell is read with its column's header. On a write-only sheet
    it may come after the rows, before the workbook is saved."""
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.workbook.defined_name import DefinedName

    last = f"${get_column_letter(max(width, 1))}${max(height, 1)}"
    reference = f"{quote_sheetname(sheet.title)}!$A$1:{last}"
    sheet.defined_names["ColumnTitle"] = DefinedName("ColumnTitle", attr_text=reference)


def describe_workbook(workbook, title):
    """The workbook's title and language, as a screen reader announces them (the PDFs carry the same)."""
    from django.utils.translation import get_language

    workbook.properties.title = str(title)
    workbook.properties.language = get_language() or "fr"
