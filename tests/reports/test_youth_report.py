"""The youth progress report: who may produce it, what it holds and leaves out, and the access journal."""

from django.urls import reverse

from reflex.audit.enums import AccessAction
from reflex.audit.models import AccessEntry
from reflex.reports.enums import ReportKind, ReportStatus
from reflex.reports.models import GeneratedReport
from tests.submission_tokens import with_token


def url(youth):
    return reverse("reports:youth_report", args=[youth.pk])


def test_the_referent_produces_the_youth_report(professional_client, professional, dataset, captured_html):
    y1 = dataset["y1"]
    assert professional_client.get(url(y1)).status_code == 200
    response = professional_client.post(url(y1), with_token())
    report = GeneratedReport.objects.get()
    assert response.url == reverse("reports:detail", args=[report.pk])
    assert (report.kind, report.status, report.youth, report.author) == (
        ReportKind.YOUTH,
        ReportStatus.READY,
        y1,
        professional,
    )
    with report.file.open("rb") as handle:
        assert handle.read(4) == b"%PDF"
    assert report.figures == {}  # nothing about the young person outside the file
    (html,) = captured_html
    assert "Aïcha Testeur" in html
    assert "Mobilité" in html  # a barrier, with its dates
    assert "02/02/2026" in html and "01/03/2026" in html
    assert "Ateliers CV" in html and "Atelier confiance" in html  # individual and collective actions
    assert "CDI" in html  # the exit outcome
    assert "Santé" in html  # the referent sees health barriers (category and dates only)
    assert "Secret" not in html  # never the barrier notes
    assert "Entretien confidentiel" in html  # a follow-up that is not confidential
    assert "Page" in html and "counter(pages)" in html


def test_confidential_follow_ups_and_sensitive_barriers_are_left_out_for_others(
    coordinator_client, dataset, captured_html
):
    y1 = dataset["y1"]
    y1.follow_ups.update(confidential=True)
    coordinator_client.post(url(y1), with_token())
    (html,) = captured_html
    assert "Entretien confidentiel" not in html
    assert "Note confidentielle, non reprise." in html
    assert "Santé" not in html  # the coordinator is not the referent
    assert "Les freins de santé et de justice ne sont montrés qu" in html


def test_generating_and_downloading_a_youth_report_is_journaled(professional_client, professional, dataset):
    y1 = dataset["y1"]
    professional_client.post(url(y1), with_token())
    report = GeneratedReport.objects.get()
    entries = AccessEntry.objects.filter(user=professional, action=AccessAction.PDF, youth_id=y1.pk)
    assert entries.count() == 1
    response = professional_client.get(reverse("reports:download", args=[report.pk]))
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert entries.count() == 2


def test_someone_who_may_not_see_the_youth_gets_a_404(outsider_client, dataset):
    y1 = dataset["y1"]  # referred by the professional, not shared with the consortium
    assert outsider_client.get(url(y1)).status_code == 404
    assert outsider_client.post(url(y1), with_token()).status_code == 404
    assert not GeneratedReport.objects.exists()
    assert not AccessEntry.objects.filter(action=AccessAction.PDF).exists()


def test_funders_never_produce_youth_reports(funder_client, dataset):
    assert funder_client.post(url(dataset["y1"]), with_token()).status_code == 403
    assert not GeneratedReport.objects.exists()


def test_a_merged_record_has_no_report(coordinator_client, dataset):
    assert coordinator_client.get(url(dataset["y6"])).status_code == 404
