"""Imports are bounded while the file is read (rows, columns, cell length, unpacked size), live in the database,
and are written once however often the confirmation is posted."""

import io
import threading
import zipfile

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from tests.submission_tokens import with_token
from tests.youths.test_import import upload
from youths import imports
from youths.enums import ImportStatus
from youths.models import PendingImport, Youth


@pytest.fixture
def lines_read(monkeypatch):
    """How many lines of a spreadsheet the reader pulled from openpyxl."""
    count = {"lines": 0}
    original = imports._xlsx_lines

    def counting(uploaded):
        for line in original(uploaded):
            count["lines"] += 1
            yield line

    monkeypatch.setattr(imports, "_xlsx_lines", counting)
    return count


def workbook_bytes(rows, *, header=("prenom", "nom")):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(list(header))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006"


def shared_string_workbook(text, lines):
    """An XLSX as spreadsheet programs write them: every cell of column B refers to one shared string."""
    cells = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>Léa</t></is></c><c r="B{n}" t="s"><v>0</v></c></row>'
        for n in range(2, lines + 2)
    )
    header = '<row r="1"><c r="A1" t="inlineStr"><is><t>prenom</t></is></c>'
    header += '<c r="B1" t="inlineStr"><is><t>nom</t></is></c></row>'
    parts = {
        "[Content_Types].xml": f'<Types xmlns="{PKG}/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{PKG}/relationships"><Relationship Id="rId1" '
        f'Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>'
        '<sheet name="Jeunes" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{PKG}/relationships">'
        f'<Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/sharedStrings.xml": f'<sst xmlns="{MAIN}" count="{lines}" uniqueCount="1"><si><t>{text}</t></si></sst>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{MAIN}"><sheetData>{header}{cells}</sheetData></worksheet>',
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in parts.items():
            archive.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + xml)
    return buffer.getvalue()


def form_error(response):
    return response.context["form"].errors["file"][0]


@pytest.mark.django_db
def test_a_file_of_too_many_lines_is_refused_after_reading_just_past_the_limit(
    coordinator_client, programme, monkeypatch, lines_read
):
    monkeypatch.setattr(imports, "MAX_ROWS", 100)
    content = workbook_bytes([[f"Prénom{n}", "Nom", *range(8)] for n in range(3000)])  # 30,000 cells
    response = upload(coordinator_client, content, "jeunes.xlsx")
    assert "plus de 100 lignes" in form_error(response)
    assert lines_read["lines"] <= 102  # the header, the 100 lines allowed, the one too many
    assert not PendingImport.objects.exists()


@pytest.mark.django_db
def test_a_file_too_wide_is_refused_at_its_first_line(coordinator_client, programme, lines_read):
    header = ["prenom", "nom", *[f"colonne{n}" for n in range(300)]]
    content = workbook_bytes([["Léa", "Roux", *range(300)] for _ in range(50)], header=header)
    response = upload(coordinator_client, content, "jeunes.xlsx")
    assert "plus de 40 colonnes" in form_error(response)
    assert lines_read["lines"] == 1


@pytest.mark.django_db
def test_cells_sharing_one_huge_string_are_refused_and_nothing_is_kept(coordinator_client, programme, lines_read):
    huge = "A" * 30_000
    content = shared_string_workbook(huge, 2000)
    assert len(content) < 20_000
    response = upload(coordinator_client, content, "jeunes.xlsx")
    assert "plus de 5000 caractères" in form_error(response)
    assert lines_read["lines"] == 2
    assert not PendingImport.objects.exists()
    assert huge not in str(dict(coordinator_client.session))


@pytest.mark.django_db
def test_a_long_text_shared_by_every_line_is_refused_once_the_file_holds_too_much(
    coordinator_client, programme, lines_read
):
    content = shared_string_workbook("B" * 4_000, 2000)  # each cell within bounds, 8 million characters in all
    response = upload(coordinator_client, content, "jeunes.xlsx")
    assert "trop de texte" in form_error(response)
    assert lines_read["lines"] < 1400
    assert not PendingImport.objects.exists()


@pytest.mark.django_db
def test_a_file_too_large_once_unpacked_is_refused_before_any_line_is_read(
    coordinator_client, programme, monkeypatch, lines_read
):
    monkeypatch.setattr(imports, "MAX_XLSX_UNPACKED", 20_000)
    content = workbook_bytes([[f"Prénom{n}", "Nom"] for n in range(2000)])
    response = upload(coordinator_client, content, "jeunes.xlsx")
    assert "trop volumineux une fois décompressé" in form_error(response)
    assert lines_read["lines"] == 0


@pytest.mark.django_db
def test_an_import_lives_in_the_database_and_belongs_to_its_author(coordinator_client, coordinator, programme):
    from tests.partners.factories import UserFactory

    upload(coordinator_client, "prenom;nom\nLéa;Roux\n")
    pending = PendingImport.objects.get()
    assert pending.author == coordinator and pending.row_count == 1 and pending.status == ImportStatus.PREVIEW
    assert not any("import" in key for key, _value in coordinator_client.session.items())
    other = Client()
    other.force_login(UserFactory(coordinator=True, organisation=coordinator.organisation))
    assert other.get(reverse("youths:import_detail", args=[pending.pk])).status_code == 404
    assert other.post(reverse("youths:import_confirm", args=[pending.pk]), with_token()).status_code == 404
    assert not Youth.objects.exists()


CSV_20 = "prenom;nom;premier_contact\n" + "".join(f"Prénom{n};Nom{n};01/03/2026\n" for n in range(20))


@pytest.mark.django_db
def test_a_second_confirmation_writes_nothing_more(coordinator_client, programme):
    upload(coordinator_client, CSV_20)
    pending = PendingImport.objects.get()
    url = reverse("youths:import_confirm", args=[pending.pk])
    assert coordinator_client.post(url, with_token()).status_code == 302
    assert coordinator_client.post(url, with_token()).status_code == 302
    assert Youth.objects.count() == 20


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_confirmations_write_the_file_once(coordinator, programme):
    client = Client()
    client.force_login(coordinator)
    upload(client, CSV_20)
    pending = PendingImport.objects.get()
    url = reverse("youths:import_confirm", args=[pending.pk])
    start = threading.Barrier(2)
    statuses = []

    def confirm():
        try:
            mine = Client()
            mine.force_login(coordinator)
            start.wait(timeout=10)
            statuses.append(mine.post(url, with_token()).status_code)  # two tabs: two tokens
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert statuses == [302, 302]
    assert Youth.objects.count() == 20
    pending.refresh_from_db()
    assert pending.status == ImportStatus.DONE and pending.created_count == 20
