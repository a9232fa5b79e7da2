"""The archive, publication to funders and who may download what."""

import pytest
from django.urls import reverse

from reflex.reports.models import GeneratedReport
from reflex.typography import french_spacing as fr
from tests.youths.factories import YouthFactory

from .factories import FAKE_PDF, GeneratedReportFactory


def download(client, report):
    """The response, its streamed file read and closed (as `response.body`)."""
    response = client.get(reverse("reports:download", args=[report.pk]))
    response.body = b"".join(response.streaming_content) if response.streaming else response.content
    return response


def body(response):
    return response.body


def test_a_coordinator_publishes_a_ready_funder_report(coordinator_client, coordinator, funder_client, programme):
    report = GeneratedReportFactory(ready=True, author=coordinator)
    assert download(funder_client, report).status_code == 404
    response = coordinator_client.post(reverse("reports:publish", args=[report.pk]))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.published and report.published_by == coordinator and report.published_at
    response = download(funder_client, report)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert body(response) == FAKE_PDF


def test_publishing_needs_a_post_and_a_coordinator(professional_client, coordinator_client, programme):
    report = GeneratedReportFactory(ready=True)
    assert coordinator_client.get(reverse("reports:publish", args=[report.pk])).status_code == 405
    assert professional_client.post(reverse("reports:publish", args=[report.pk])).status_code == 403
    report.refresh_from_db()
    assert not report.published


def test_a_pending_or_youth_report_cannot_be_published(coordinator_client, coordinator, programme):
    pending = GeneratedReportFactory(author=coordinator)
    youth_report = GeneratedReportFactory(youth_report=True, ready=True, author=coordinator, youth=YouthFactory())
    for report in (pending, youth_report):
        response = coordinator_client.post(reverse("reports:publish", args=[report.pk]), follow=True)
        assert "Seul un rapport au financeur prêt" in response.content.decode()
        report.refresh_from_db()
        assert not report.published


def test_a_coordinator_withdraws_a_published_report(coordinator_client, funder_client, programme):
    report = GeneratedReportFactory(public=True)
    assert download(funder_client, report).status_code == 200
    coordinator_client.post(reverse("reports:withdraw", args=[report.pk]))
    report.refresh_from_db()
    assert not report.published
    assert download(funder_client, report).status_code == 404


def test_funders_see_only_published_funder_reports(funder_client, professional, programme):
    published = GeneratedReportFactory(public=True)
    unpublished = GeneratedReportFactory(ready=True)
    outreach = GeneratedReportFactory(outreach=True, ready=True)
    youth_report = GeneratedReportFactory(youth_report=True, ready=True, author=professional, youth=YouthFactory())
    for url in (reverse("reports:index"), reverse("reports:archive")):
        page = funder_client.get(url).content.decode()
        assert reverse("reports:detail", args=[published.pk]) in page
        for hidden in (unpublished, outreach, youth_report):
            assert reverse("reports:detail", args=[hidden.pk]) not in page
    for hidden in (unpublished, outreach, youth_report):
        assert funder_client.get(reverse("reports:detail", args=[hidden.pk])).status_code == 404
        assert download(funder_client, hidden).status_code == 404
        assert funder_client.get(reverse("reports:xlsx", args=[hidden.pk])).status_code == 404
    assert funder_client.get(reverse("reports:detail", args=[published.pk])).status_code == 200


def test_funders_reach_no_live_figures_and_no_generation(funder_client, programme):
    assert funder_client.get(reverse("reports:indicators")).status_code == 403
    assert funder_client.get(reverse("reports:youth_report", args=[YouthFactory().pk])).status_code == 403
    assert funder_client.get(reverse("reports:glossary")).status_code == 200


def test_the_funder_page_does_not_name_the_author(funder_client, programme):
    report = GeneratedReportFactory(public=True, author__first_name="Claire", author__last_name="Morel")
    page = funder_client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "Morel" not in page
    assert report.checksum in page


def test_professionals_see_their_own_youth_reports_only(professional_client, professional, colleague, programme):
    youth = YouthFactory(referent=professional)
    mine = GeneratedReportFactory(youth_report=True, ready=True, author=professional, youth=youth)
    theirs = GeneratedReportFactory(youth_report=True, ready=True, author=colleague, youth=youth)
    funder_report = GeneratedReportFactory(ready=True)
    page = professional_client.get(reverse("reports:archive")).content.decode()
    assert reverse("reports:detail", args=[mine.pk]) in page
    assert reverse("reports:detail", args=[funder_report.pk]) in page
    assert reverse("reports:detail", args=[theirs.pk]) not in page
    assert professional_client.get(reverse("reports:detail", args=[theirs.pk])).status_code == 404
    assert download(professional_client, theirs).status_code == 404
    assert download(professional_client, mine).status_code == 200


def test_a_youth_report_is_no_longer_served_to_its_author_once_they_lose_sight_of_the_youth(
    outsider_client, outsider, professional, programme
):
    youth = YouthFactory(referent=outsider)
    report = GeneratedReportFactory(youth_report=True, ready=True, author=outsider, youth=youth)
    assert download(outsider_client, report).status_code == 200
    youth.referent = professional
    youth.save()
    assert download(outsider_client, report).status_code == 404


def test_the_archive_shows_period_author_date_and_checksum(coordinator_client, programme):
    report = GeneratedReportFactory(ready=True, author__first_name="Claire", author__last_name="Morel")
    page = coordinator_client.get(reverse("reports:archive")).content.decode()
    assert "01/01/2026 – 31/03/2026" in page
    assert "Claire Morel" in page
    assert report.checksum in page


def test_the_archive_filters_by_kind(coordinator_client, programme):
    funder_report = GeneratedReportFactory(ready=True)
    outreach = GeneratedReportFactory(outreach=True, ready=True)
    page = coordinator_client.get(reverse("reports:archive"), {"kind": "outreach"}).content.decode()
    assert reverse("reports:detail", args=[outreach.pk]) in page
    assert reverse("reports:detail", args=[funder_report.pk]) not in page


@pytest.mark.parametrize("url_name", ["reports:index", "reports:archive"])
def test_report_lists_run_a_bounded_number_of_queries(
    coordinator_client, coordinator, professional, programme, django_assert_max_num_queries, url_name
):
    GeneratedReportFactory.create_batch(15, ready=True, author=professional)
    GeneratedReportFactory.create_batch(15, public=True, published_by=coordinator, outreach=False)
    GeneratedReportFactory.create_batch(10, outreach=True)
    with django_assert_max_num_queries(12):
        response = coordinator_client.get(reverse(url_name))
    assert response.status_code == 200
    assert GeneratedReport.objects.count() == 40


def test_the_funder_landing_page_runs_a_bounded_number_of_queries(
    funder_client, programme, django_assert_max_num_queries
):
    GeneratedReportFactory.create_batch(20, public=True)
    with django_assert_max_num_queries(8):
        response = funder_client.get(reverse("reports:index"))
    assert response.content.decode().count("Indicateurs (XLSX)") == 20


def test_publishing_tells_each_funder_by_e_mail_with_a_link_and_nothing_else(
    coordinator_client, coordinator, funder, programme, mailoutbox
):
    from tests.partners.factories import UserFactory

    second_funder = UserFactory(funder=True)
    UserFactory(funder=True, deactivated=True)
    YouthFactory(first_name="Canari", last_name="Secret")
    report = GeneratedReportFactory(ready=True, author=coordinator)
    coordinator_client.post(reverse("reports:publish", args=[report.pk]))
    assert sorted(message.to[0] for message in mailoutbox) == sorted([funder.email, second_funder.email])
    message = mailoutbox[0]
    assert message.subject == fr("RéFLEX : un rapport d'avancement est publié")
    assert f"/rapports/{report.pk}/" in message.body
    assert "Canari" not in message.body and "Secret" not in message.body
