"""The coordinator's control: the waiting list and bulk assignment, caseloads against the target, exit checks due."""

import datetime
import html

from django.urls import reverse
from django.utils import timezone

from accompaniment.models import Exit, Pathway, ReferentChange
from reflex.typography import french_spacing as fr
from tests.partners.factories import UserFactory
from tests.submission_tokens import with_token
from tests.youths.factories import YouthFactory

from .conftest import count_queries
from .factories import FollowUpFactory, PathwayFactory

TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


def a_mobilised_youth(waited_days, **kwargs):
    """Identified, then a follow-up `waited_days` ago (engaged), and no pathway: waiting for a referent."""
    youth = YouthFactory(identified=True, first_contact_on=days(-waited_days - 10), **kwargs)
    FollowUpFactory(youth=youth, happened_on=days(-waited_days))
    return youth


def test_the_dashboard_counts_and_lists_who_waits_for_a_referent(coordinator_client, programme):
    longest, recent = a_mobilised_youth(60, first_name="Inès"), a_mobilised_youth(5, first_name="Omar")
    PathwayFactory(youth=a_mobilised_youth(30))  # has a pathway: not waiting
    response = coordinator_client.get(reverse("accompaniment:dashboard"))
    assert response.context["waiting_count"] == 2
    assert [youth.pk for youth in response.context["waiting"]] == [longest.pk, recent.pk]
    page = html.unescape(response.content.decode())
    assert "En attente d'un référent" in page and "en attente depuis 60 jours" in page
    home = coordinator_client.get(reverse("home")).content.decode()
    assert "2 jeunes mobilisés attendent un référent" in home


def test_bulk_assignment_starts_pathways_with_their_referent_history(
    coordinator_client, coordinator, professional, programme
):
    first, second, third = (a_mobilised_youth(n) for n in (40, 20, 10))
    url = reverse("accompaniment:waiting_list")
    assert first.display_name in coordinator_client.get(url).content.decode()
    response = coordinator_client.post(
        url, with_token(youths=[first.pk, second.pk], referent=professional.pk, started_on=TODAY.isoformat())
    )
    assert response.url == url
    pathways = Pathway.objects.filter(youth__in=[first, second])
    assert {(p.referent_id, p.started_on, p.created_by_id) for p in pathways} == {
        (professional.pk, TODAY, coordinator.pk)
    }
    history = ReferentChange.objects.filter(pathway__in=pathways)
    assert {(c.to_referent_id, c.changed_by_id) for c in history} == {(professional.pk, coordinator.pk)}
    first.refresh_from_db()
    assert first.referent == professional
    assert [youth.pk for youth in coordinator_client.get(url).context["youths"]] == [third.pk]


def test_bulk_assignment_to_a_deactivated_account_or_of_someone_no_longer_waiting_saves_nothing(
    coordinator_client, professional, deactivated, programme
):
    waiting, taken = a_mobilised_youth(20), a_mobilised_youth(10)
    url = reverse("accompaniment:waiting_list")
    response = coordinator_client.post(
        url, with_token(youths=[waiting.pk], referent=deactivated.pk, started_on=TODAY.isoformat())
    )
    assert "Choisissez un professionnel ou un coordinateur actif du consortium comme référent." in (
        response.content.decode()
    )
    PathwayFactory(youth=taken, referent=professional)  # someone started it meanwhile
    response = coordinator_client.post(
        url, with_token(youths=[waiting.pk, taken.pk], referent=professional.pk, started_on=TODAY.isoformat())
    )
    assert fr("L'un de ces jeunes n'attend plus de référent : rechargez la liste.") in html.unescape(
        response.content.decode()
    )
    response = coordinator_client.post(url, with_token(referent=professional.pk, started_on=days(2).isoformat()))
    page = response.content.decode()
    assert "Cochez au moins un jeune." in page and "Un parcours ne peut pas commencer dans le futur." in page
    assert not Pathway.objects.filter(youth=waiting).exists()


def test_the_waiting_list_is_the_coordinators(professional_client, programme):
    assert professional_client.get(reverse("accompaniment:waiting_list")).status_code == 403


def test_caseloads_are_compared_with_the_target_and_each_name_opens_the_caseload(
    coordinator_client, professional, colleague, programme
):
    programme.caseload_target = 2
    programme.save()
    for _ in range(3):
        PathwayFactory(referent=professional, youth=YouthFactory(identified=True, first_name="Nour"))
    PathwayFactory(referent=colleague)
    response = coordinator_client.get(reverse("accompaniment:dashboard"))
    rows = {row.pk: row for row in response.context["caseloads"]}
    assert rows[professional.pk].overloaded and rows[professional.pk].percent_of_target == 150
    assert not rows[colleague.pk].overloaded
    page = response.content.decode()
    assert page.count("surchargé") == 1
    caseload_url = reverse("accompaniment:referent_caseload", args=[professional.pk])
    assert caseload_url in page
    caseload = coordinator_client.get(caseload_url)
    assert len(caseload.context["my_youths"]) == 3 and "Nour" in caseload.content.decode()

    waiting = coordinator_client.get(reverse("accompaniment:waiting_list")).context
    assert [row.pk for row in waiting["suggested"]][0] == colleague.pk  # room left: 1 of 2


def test_exit_checks_due_across_the_consortium_are_the_coordinators_to_see(
    coordinator_client, professional, colleague, programme
):
    for referent, exited_days_ago in ((professional, 100), (colleague, 200)):
        pathway = PathwayFactory(referent=referent, started_on=days(-exited_days_ago - 100))
        Exit.record(pathway, outcome="cdi", exited_on=days(-exited_days_ago), by=referent)
    context = coordinator_client.get(reverse("accompaniment:dashboard")).context
    # +3 of both (one about 10 days late, the other long ago) and +6 of the older exit.
    assert context["checks_due_count"] == 3 and context["checks_overdue_count"] == 3
    assert {check.exit.pathway.referent_id for check in context["checks_due"]} == {professional.pk, colleague.pk}


def test_the_dashboard_and_waiting_list_query_counts_do_not_grow(coordinator_client, professional, programme):
    urls = [reverse("accompaniment:dashboard"), reverse("accompaniment:waiting_list"), reverse("home")]

    def rows(n):
        for index in range(n):
            a_mobilised_youth(index + 1)
            pathway = PathwayFactory(referent=UserFactory(), started_on=days(-300))
            Exit.record(pathway, outcome="cdi", exited_on=days(-120 - index), by=professional)

    rows(3)
    few = [count_queries(coordinator_client, url) for url in urls]
    rows(40)
    assert [count_queries(coordinator_client, url) for url in urls] == few
