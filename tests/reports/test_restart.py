"""Restarting a failed report (the "relancer" button): once per click series, by who may generate it."""

from django.urls import reverse

from reflex.reports import tasks as report_tasks
from reflex.reports.enums import ReportStatus
from tests.reports.factories import GeneratedReportFactory


def test_restart_generates_a_failed_report_again_once(coordinator, coordinator_client, dataset, monkeypatch):
    report = GeneratedReportFactory(author=coordinator, status=ReportStatus.FAILED, error="Le processus…")
    calls = []
    original = report_tasks.enqueue
    monkeypatch.setattr(report_tasks, "enqueue", lambda r: calls.append(r.pk) or original(r))
    url = reverse("reports:restart", args=[report.pk])
    response = coordinator_client.post(url)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.READY  # tasks run at once in tests
    assert report.error == ""
    coordinator_client.post(url)  # a second click: nothing more
    assert calls == [report.pk]


def test_only_someone_who_may_generate_it_restarts_a_report(professional_client, funder_client, coordinator):
    report = GeneratedReportFactory(author=coordinator, status=ReportStatus.FAILED)
    url = reverse("reports:restart", args=[report.pk])
    assert professional_client.post(url).status_code == 404  # a funder report is the coordinator's
    assert funder_client.post(url).status_code in (403, 404)
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
