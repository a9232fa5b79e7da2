"""The XLSX export of a funder report holds exactly the numbers its PDF was made from."""

import re
from html import unescape
from io import BytesIO

from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from reflex.reports.models import GeneratedReport
from tests.submission_tokens import with_token
from tests.youths.factories import YouthFactory

from .conftest import D


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return load_workbook(BytesIO(response.content), read_only=True)


def sheet_rows(book, title):
    return [list(row) for row in book[title].iter_rows(values_only=True)]


def test_the_xlsx_and_the_pdf_agree(coordinator_client, dataset, captured_html):
    coordinator_client.post(
        reverse("reports:generate_funder"), with_token({"funder-start": "2026-01-01", "funder-end": "2026-03-31"})
    )
    report = GeneratedReport.objects.get()
    (html,) = captured_html
    pdf_text = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))  # \s: no-break spaces too

    # Data changes after the generation do not change the archived report's export.
    YouthFactory(identified=True, first_contact_on=D(2026, 2, 1))

    book = workbook(coordinator_client.get(reverse("reports:xlsx", args=[report.pk])))
    headline = sheet_rows(book, "Indicateurs clés")
    assert headline[0] == ["Indicateur", "Période", "Période précédente", "Évolution (%)", "Cumul depuis le démarrage"]
    assert headline[1:5] == [
        ["Repérés", 3, 2, 50, 5],
        ["Mobilisés", 3, 1, 200, 4],
        ["Entrés en parcours", 3, 1, 200, 4],
        ["Sortis", 1, 1, 0, 2],
    ]
    for label, value, previous, _change, cumulated in headline[1:5]:
        # the same numbers, in the table of the PDF
        assert f"{label} {value} {previous} " in pdf_text
        assert f"depuis le démarrage : {cumulated}" in pdf_text
    assert ["Avancement vers l'objectif (%)", 2.1] in headline
    assert headline[-1][0] == "Jeunes comptés" and "public cible" in headline[-1][1]  # the scope, as on every screen

    exits = sheet_rows(book, "Sorties")
    assert ["Emploi durable", 1] in exits and ["Total", 1] in exits
    funnel = sheet_rows(book, "Entonnoir")
    assert [row[:2] for row in funnel[1:6]] == [
        ["Contactés", 5],
        ["Repérés", 5],
        ["Mobilisés", 4],
        ["Entrés en parcours", 4],
        ["Sortis", 2],
    ]
    durations = sheet_rows(book, "Délais entre étapes")
    assert ["Repérage → mobilisation", 3, 43, 58] in durations
    assert "Repérage → mobilisation 3 43,0 58,0" in pdf_text

    # Every number of every sheet comes from the figures kept with the report.
    assert report.figures["headline"][0]["value"] == 3
    sexes = sheet_rows(book, "Sexe")
    assert ["Total", 3, 3, 3, 1] in sexes

    # No sheet name is cut to Excel's 31 characters.
    from reflex.reports.exports import funder_rows

    with translation.override("fr"):
        titles = [title for title, _header, _rows in funder_rows(report.figures)]
    assert all(len(str(title)) <= 31 for title in titles)
    assert book.sheetnames == [str(title) for title in titles]

    # How each figure is counted travels with the figures.
    definitions = sheet_rows(book, "Définitions")
    assert definitions[0] == ["Chiffre", "Définition"]
    assert "Perdus de vue" in [row[0] for row in definitions]


def test_only_funder_reports_have_an_xlsx(coordinator_client, professional_client, dataset):
    professional_client.post(
        reverse("reports:generate_outreach"),
        with_token({"outreach-start": "2026-01-01", "outreach-end": "2026-03-31"}),
    )
    report = GeneratedReport.objects.get()
    assert coordinator_client.get(reverse("reports:xlsx", args=[report.pk])).status_code == 404


def test_an_outside_providers_name_is_text_in_the_funders_workbook(coordinator_client, dataset, captured_html):
    from accompaniment.models import Pathway
    from tests.accompaniment.factories import ActionFactory

    provider = '=HYPERLINK("http://evil.example/","Cliquez")'
    ActionFactory(
        pathway=Pathway.objects.first(), provider_organisation=None, provider_name=provider, starts_on=D(2026, 2, 15)
    )
    coordinator_client.post(
        reverse("reports:generate_funder"), with_token({"funder-start": "2026-01-01", "funder-end": "2026-03-31"})
    )
    report = GeneratedReport.objects.get()
    response = coordinator_client.get(reverse("reports:xlsx", args=[report.pk]))
    book = load_workbook(BytesIO(response.content))  # not read-only: the cells' types are read
    providers = [row[0] for row in book["Actions par porteur"].iter_rows()]
    assert ("'" + provider, "s") in [(cell.value, cell.data_type) for cell in providers]
    assert not [cell for sheet in book for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]


def test_every_sheet_of_the_xlsx_names_its_header_row(coordinator_client, dataset):
    """Each table starts with its header row, kept in view and named `ColumnTitle` (read by screen readers) down to
    the table's last row; the workbook says its title and language."""
    coordinator_client.post(
        reverse("reports:generate_funder"), with_token({"funder-start": "2026-01-01", "funder-end": "2026-03-31"})
    )
    report = GeneratedReport.objects.get()
    response = coordinator_client.get(reverse("reports:xlsx", args=[report.pk]))
    book = load_workbook(BytesIO(response.content))
    assert book.properties.language == "fr" and book.properties.title == "Rapports aux financeurs"
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        (destination,) = sheet.defined_names["ColumnTitle"].destinations
        header = [cell.value for cell in sheet[1]]
        assert all(header), sheet.title
        last_column = destination[1].split(":")[1].split("$")[1]
        assert sheet[f"{last_column}1"].value == header[-1], sheet.title
    headline = book["Indicateurs clés"]
    (destination,) = headline.defined_names["ColumnTitle"].destinations
    last_row = int(destination[1].rsplit("$", 1)[1])
    assert headline.cell(last_row + 1, 1).value is None  # the table stops before the period and target lines
