"""Generating reports in the background (tasks run immediately in tests), progress, failures, the PDF itself."""

import hashlib
import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from reflex.reports import documents
from reflex.reports.enums import ReportKind, ReportStatus
from reflex.reports.models import GeneratedReport
from tests.submission_tokens import with_token

FUNDER_POST = {"funder-start": "2026-01-01", "funder-end": "2026-03-31", "funder-narrative": "Un trimestre actif."}
YOUTH_NAMES = ["Aïcha", "Bilal", "Cédric", "Dounia", "Emma", "Farid", "Gaël", "Testeur"]


def read(report):
    with report.file.open("rb") as handle:
        return handle.read()


def generate_funder_report(client, data=FUNDER_POST):
    response = client.post(reverse("reports:generate_funder"), with_token(data))
    assert response.status_code == 302, response.content.decode()[:2000]
    return GeneratedReport.objects.latest("pk"), response


def test_a_coordinator_generates_a_funder_report(coordinator_client, coordinator, dataset, captured_html):
    report, response = generate_funder_report(coordinator_client)
    assert response.url == reverse("reports:detail", args=[report.pk])
    assert report.kind == ReportKind.FUNDER
    assert report.status == ReportStatus.READY
    assert report.author == coordinator
    assert (report.period_start.isoformat(), report.period_end.isoformat()) == ("2026-01-01", "2026-03-31")
    content = read(report)
    assert content.startswith(b"%PDF")
    assert report.checksum == hashlib.sha256(content).hexdigest()
    assert report.figures["headline"][0]["value"] == 3
    page = coordinator_client.get(response.url).content.decode()
    assert "Le rapport est prêt." in page
    assert report.checksum in page
    assert "hx-trigger" not in page  # finished: no more polling


def test_the_funder_report_holds_the_figures_and_no_personal_data(coordinator_client, dataset, captured_html):
    generate_funder_report(coordinator_client)
    (html,) = captured_html
    text = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))  # \s: no-break spaces too
    assert "Rapport d'avancement au financeur" in text
    assert "Un trimestre actif." in text  # the narrative
    assert "Repérés" in text and "Mobilisés" in text and "Entrés en parcours" in text
    # headline cards: value, previous, change, cumulated (hand-counted in conftest.py)
    assert "3 Repérés période précédente : 2 (+50,0 %) depuis le démarrage : 5" in text
    assert "1 Sortis période précédente : 1 (0,0 %) depuis le démarrage : 2" in text
    assert "Part des sorties en emploi ou formation 100,0 % (1 / 1)" in text
    assert "counter(pages)" in html  # page numbers
    assert "<svg" in html  # charts
    for name in YOUTH_NAMES:
        assert name not in html
    assert "06 12 34 56 78" not in html
    assert "Entretien confidentiel" not in html and "Secret" not in html


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler's pdftotext is not installed")
def test_the_text_of_the_funder_pdf(coordinator_client, dataset, tmp_path):
    report, _response = generate_funder_report(coordinator_client)
    path = tmp_path / "report.pdf"
    path.write_bytes(read(report))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout
    assert "Rapport d'avancement au financeur" in text
    assert "Page 1 / " in text
    assert "Un trimestre actif." in text
    for name in YOUTH_NAMES:
        assert name not in text


def test_the_file_is_kept_outside_the_public_media_folder(coordinator_client, dataset, private_reports_root):
    report, _response = generate_funder_report(coordinator_client)
    path = Path(report.file.path).resolve()
    assert path.is_relative_to(Path(private_reports_root).resolve())
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    with pytest.raises(ValueError):
        report.file.url  # noqa: B018 - no public URL


def test_a_bad_period_is_refused_with_a_french_message(coordinator_client, programme):
    response = coordinator_client.post(
        reverse("reports:generate_funder"), with_token({"funder-start": "2026-03-31", "funder-end": "2026-01-01"})
    )
    assert response.status_code == 200
    assert "La fin de la période ne peut pas précéder son début." in response.content.decode()
    assert not GeneratedReport.objects.exists()


def test_a_malformed_date_is_refused(coordinator_client, programme):
    response = coordinator_client.post(
        reverse("reports:generate_funder"), with_token({"funder-start": "x", "funder-end": ""})
    )
    assert response.status_code == 200
    assert not GeneratedReport.objects.exists()


def test_only_coordinators_generate_funder_reports(professional_client, funder_client, programme):
    assert professional_client.post(reverse("reports:generate_funder"), with_token(FUNDER_POST)).status_code == 403
    assert funder_client.post(reverse("reports:generate_funder"), with_token(FUNDER_POST)).status_code == 403
    assert not GeneratedReport.objects.exists()


def test_generation_needs_a_post(coordinator_client, programme):
    assert coordinator_client.get(reverse("reports:generate_funder")).status_code == 405


def test_a_failure_is_shown_not_swallowed(coordinator_client, dataset, monkeypatch):
    def broken(report):
        raise RuntimeError("WeasyPrint is missing a library")

    monkeypatch.setattr(documents, "build", broken)
    report, response = generate_funder_report(coordinator_client)
    assert report.status == ReportStatus.FAILED
    assert report.error == "RuntimeError: WeasyPrint is missing a library"
    assert not report.file
    page = coordinator_client.get(response.url).content.decode()
    assert "Le rapport n'a pas pu être généré." in page
    assert "WeasyPrint is missing a library" in page
    fragment = coordinator_client.get(reverse("reports:status", args=[report.pk])).content.decode()
    assert "WeasyPrint is missing a library" in fragment
    assert "hx-trigger" not in fragment


def test_a_pending_report_is_polled_every_two_seconds(coordinator_client, coordinator, programme):
    report = GeneratedReport.objects.create(
        kind=ReportKind.FUNDER, period_start="2026-01-01", period_end="2026-03-31", author=coordinator
    )
    fragment = coordinator_client.get(reverse("reports:status", args=[report.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in fragment
    assert f'hx-get="{reverse("reports:status", args=[report.pk])}"' in fragment
    assert "attend d" in fragment
    report.mark_running()
    fragment = coordinator_client.get(reverse("reports:status", args=[report.pk])).content.decode()
    assert "en cours de génération" in fragment
    assert coordinator_client.get(reverse("reports:download", args=[report.pk])).status_code == 404


def test_a_professional_generates_an_outreach_report(professional_client, dataset, captured_html):
    response = professional_client.post(
        reverse("reports:generate_outreach"),
        with_token({"outreach-start": "2026-01-01", "outreach-end": "2026-03-31"}),
    )
    assert response.status_code == 302
    report = GeneratedReport.objects.get()
    assert (report.kind, report.status) == (ReportKind.OUTREACH, ReportStatus.READY)
    assert read(report).startswith(b"%PDF")
    (html,) = captured_html
    assert "Rapport d&#x27;aller-vers" in html or "Rapport d'aller-vers" in html
    assert "Planning recommandé" in html
    for name in YOUTH_NAMES:
        assert name not in html


def test_the_funder_cannot_generate_outreach_reports(funder_client, programme):
    data = {"outreach-start": "2026-01-01", "outreach-end": "2026-03-31"}
    assert funder_client.post(reverse("reports:generate_outreach"), with_token(data)).status_code == 403


PAGE_TEMPLATES = [
    path
    for path in (Path(settings.BASE_DIR) / "templates" / "reports").rglob("*.html")
    if "pdf" not in path.relative_to(Path(settings.BASE_DIR) / "templates" / "reports").parts
]


@pytest.mark.parametrize("path", PAGE_TEMPLATES, ids=lambda path: path.name)
def test_page_templates_have_no_inline_script_or_style(path):
    source = path.read_text()
    assert "<script" not in source
    assert "style=" not in source
    assert "<style" not in source


def test_partner_logos_are_inlined_in_the_pdf(
    coordinator_client, dataset, organisation, captured_html, settings, tmp_path
):
    import base64

    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path / "media"
    png = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    )
    organisation.logo.save("mlni.png", ContentFile(png))
    generate_funder_report(coordinator_client)
    (html,) = captured_html
    assert f'src="data:image/png;base64,{base64.b64encode(png).decode()}"' in html
    assert "Association Tremplin" in html  # a partner without a logo is named instead
