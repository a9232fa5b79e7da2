"""The reports storage under faults: a file gone missing, a disk that fills up while a PDF is written."""

import errno
import logging
from pathlib import Path

import pytest
from django.urls import reverse

from reflex.reports import storage
from reflex.reports.enums import ReportStatus
from reflex.reports.models import GeneratedReport
from tests.reports.factories import GeneratedReportFactory
from tests.reports.test_generation import generate_funder_report


def test_a_missing_file_gives_a_french_404_and_alerts_the_administrator(
    coordinator_client, coordinator, private_reports_root, caplog
):
    report = GeneratedReportFactory(author=coordinator, ready=True)
    Path(report.file.path).unlink()
    with caplog.at_level(logging.ERROR, logger="reflex.reports.views"):
        response = coordinator_client.get(reverse("reports:download", args=[report.pk]))
    assert response.status_code == 404
    page = response.content.decode()
    assert "Fichier du rapport introuvable" in page
    assert "régénérez" in page.lower() or "Générez de nouveau" in page
    assert str(private_reports_root) not in page
    assert any(f"Report {report.pk}" in record.getMessage() for record in caplog.records)


@pytest.fixture
def full_disk(monkeypatch):
    """The disk fills up after the first bytes of the PDF are written."""

    def write_then_fail(target, content):
        target.write(next(iter(content.chunks()))[:100])
        raise OSError(errno.ENOSPC, "No space left on device", "/srv/reflex/var/reports/2026/12/secret.pdf")

    monkeypatch.setattr(storage, "write_chunks", write_then_fail)


def test_a_full_disk_leaves_no_partial_file_and_shows_no_server_path(
    coordinator_client, dataset, private_reports_root, full_disk
):
    report, response = generate_funder_report(coordinator_client)
    assert report.status == ReportStatus.FAILED
    assert not report.file
    assert [path for path in Path(private_reports_root).rglob("*") if path.is_file()] == []
    assert "No space left on device" in report.error and "/srv" not in report.error
    page = coordinator_client.get(response.url).content.decode()
    assert "Le rapport n" in page and "/srv" not in page and str(private_reports_root) not in page


def test_the_file_is_written_whole_under_its_name(coordinator_client, dataset, private_reports_root):
    report, _response = generate_funder_report(coordinator_client)
    files = [path for path in Path(private_reports_root).rglob("*") if path.is_file()]
    assert [path.name for path in files] == [Path(report.file.name).name]
    assert files[0].read_bytes().startswith(b"%PDF")
    assert GeneratedReport.objects.get().status == ReportStatus.READY
