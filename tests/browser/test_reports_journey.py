"""The coordinator generates the funder report and publishes it; the funder logs in and downloads it."""

import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from reflex.reports.models import GeneratedReport
from tests.browser.steps import assert_accessible, field, log_in, main_navigation
from tests.youths.factories import YouthFactory

NARRATIVE = "Trimestre marqué par l'ouverture du camion à Champ-Fleuri."


@pytest.fixture
def reports_folder(settings, tmp_path):
    settings.REPORTS_ROOT = tmp_path / "reports"
    return settings.REPORTS_ROOT


def test_the_funder_downloads_the_report_the_coordinator_published(
    page, browser, browser_context_args, programme, coordinator, professional, funder, reports_folder, tmp_path
):
    YouthFactory(identified=True, first_name="Samira", last_name="Khelifi", created_by=professional)

    log_in(page, coordinator)
    main_navigation(page).get_by_role("link", name="Rapports").click()
    assert_accessible(page, "the reports page (coordinator)")
    funder_card = page.get_by_role("region", name="Rapport d'avancement au financeur")
    expect(field(funder_card, "Début de la période")).to_have_value(f"{programme.start_date:%Y-%m-%d}")
    field(funder_card, "Commentaire de la coordination").fill(NARRATIVE)
    funder_card.get_by_role("button", name="Générer le rapport au financeur").click()

    expect(page.get_by_text("Le rapport est prêt.")).to_be_visible(timeout=60_000)
    assert_accessible(page, "the report page (coordinator)")
    page.get_by_role("button", name="Publier au financeur").click()
    expect(page.get_by_role("alert")).to_contain_text("Le rapport est publié")
    report = GeneratedReport.objects.get()
    assert report.published

    # The funder: straight to the published reports, and the PDF.
    reader = browser.new_context(**browser_context_args, accept_downloads=True).new_page()
    reader.set_default_timeout(10_000)
    log_in(reader, funder)
    expect(reader.get_by_role("heading", name="Rapports d'avancement")).to_be_visible()
    expect(reader.get_by_text("Publié le")).to_be_visible()
    assert_accessible(reader, "the funder's reports")
    with reader.expect_download() as download_info:
        reader.get_by_role("link", name="PDF", exact=True).click()
    pdf = tmp_path / "rapport.pdf"
    download_info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):  # poppler-utils: .ci/run installs it
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert programme.name in text
        assert "ouverture du camion" in text  # the coordinator's narrative
        assert "Samira" not in text and "Khelifi" not in text  # aggregates only
