import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accompaniment.enums import BarrierStatus
from accompaniment.models import Exit
from tests.partners.factories import UserFactory
from tests.youths.factories import YouthFactory

from .conftest import count_queries
from .factories import AppointmentFactory, BarrierFactory, FollowUpFactory, PathwayFactory

TODAY = timezone.localdate()


def at(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def a_referred_youth(referent, *, last_follow_up_days_ago=3, appointment_in_days=None):
    youth = YouthFactory(identified=True, first_contact_on=TODAY - datetime.timedelta(days=200))
    pathway = PathwayFactory(youth=youth, referent=referent, started_on=TODAY - datetime.timedelta(days=150))
    FollowUpFactory(
        youth=youth,
        author=referent,
        pathway=pathway,
        happened_on=TODAY - datetime.timedelta(days=last_follow_up_days_ago),
    )
    if appointment_in_days is not None:
        AppointmentFactory(
            youth=youth, staff=referent, pathway=pathway, starts_at=at(TODAY + datetime.timedelta(appointment_in_days))
        )
    BarrierFactory(pathway=pathway, identified_on=TODAY - datetime.timedelta(days=100))
    return youth


def test_index_sends_each_role_to_its_page(professional_client, coordinator_client, funder_client, programme):
    assert professional_client.get(reverse("accompaniment:index")).url == reverse("accompaniment:workspace")
    assert coordinator_client.get(reverse("accompaniment:index")).url == reverse("accompaniment:dashboard")
    assert funder_client.get(reverse("accompaniment:index")).status_code == 403


def test_the_workspace_shows_my_youths_appointments_alerts_barriers_and_checks(
    professional_client, professional, colleague, programme
):
    seen = a_referred_youth(professional, appointment_in_days=0)
    forgotten = a_referred_youth(professional, last_follow_up_days_ago=programme.inactivity_threshold_days + 10)
    not_mine = a_referred_youth(colleague)
    ended = PathwayFactory(referent=professional, started_on=TODAY - datetime.timedelta(days=200))
    Exit.record(ended, outcome="cdi", exited_on=TODAY - datetime.timedelta(days=95), by=professional)

    response = professional_client.get(reverse("accompaniment:workspace"))
    context = response.context
    assert {youth.pk for youth in context["my_youths"]} == {seen.pk, forgotten.pk}
    assert [youth.pk for youth in context["inactive"]] == [forgotten.pk]
    assert [follow_up.youth_id for follow_up in context["appointments"]] == [seen.pk]
    assert {barrier.pathway.youth_id for barrier in context["open_barriers"]} == {seen.pk, forgotten.pk}
    assert [check.months for check in context["exit_checks"]] == [3]
    page = response.content.decode()
    assert "Mon suivi" in page and seen.display_name in page and not_mine.display_name not in page
    assert "Parcours" in page or "En parcours" in page  # the funnel stage of each young person
    assert "Sans contact depuis plus de 45 jours" in page


def test_lifted_barriers_leave_the_workspace(professional_client, professional, programme):
    youth = a_referred_youth(professional)
    youth.pathways.get().barriers.update(status=BarrierStatus.LIFTED, lifted_on=TODAY)
    assert professional_client.get(reverse("accompaniment:workspace")).context["open_barriers"] == []


@pytest.mark.parametrize("extra", [195])
def test_the_workspace_query_count_is_the_same_with_5_and_200_youths(
    professional_client, professional, programme, extra
):
    url = reverse("accompaniment:workspace")
    for days in range(5):
        a_referred_youth(professional, last_follow_up_days_ago=days * 20, appointment_in_days=1)
    few = count_queries(professional_client, url)
    for days in range(extra):
        a_referred_youth(professional, last_follow_up_days_ago=days % 90, appointment_in_days=days % 3)
    many = count_queries(professional_client, url)
    assert many == few
    assert len(professional_client.get(url).context["my_youths"]) == 200


def test_the_dashboard_shows_caseloads_funnel_orphans_and_exits(
    coordinator_client, professional, colleague, programme
):
    a_referred_youth(professional)
    a_referred_youth(professional)
    a_referred_youth(colleague)
    PathwayFactory(referent=professional, status="paused", paused_on=datetime.date(2026, 4, 1))
    PathwayFactory(referent=UserFactory(is_active=False))
    ended = PathwayFactory(referent=colleague, started_on=datetime.date(2026, 1, 5))
    Exit.record(ended, outcome="apprenticeship", exited_on=datetime.date(2026, 6, 1), by=colleague)

    response = coordinator_client.get(reverse("accompaniment:dashboard"))
    context = response.context
    caseloads = {
        member.pk: (member.active_count, member.paused_count, member.open_count) for member in context["caseloads"]
    }
    assert caseloads[professional.pk] == (2, 1, 3) and caseloads[colleague.pk] == (1, 0, 1)
    assert len(context["without_referent"]) == 1
    assert dict(context["exits_by_group"])["work_study"] == 1
    funnel = {str(label): count for label, count, _percent in context["funnel"]}
    assert funnel["En parcours"] >= 4
    page = response.content.decode()
    assert "Portefeuille par référent" in page and "Parcours sans référent" in page
    assert "Alternance" in page


def test_the_dashboard_query_count_does_not_grow(coordinator_client, professional, programme):
    url = reverse("accompaniment:dashboard")
    for _ in range(3):
        a_referred_youth(professional)
    few = count_queries(coordinator_client, url)
    for _ in range(40):
        a_referred_youth(UserFactory())
        PathwayFactory(referent=UserFactory(is_active=False))
    assert count_queries(coordinator_client, url) == few


def test_the_dashboard_is_the_coordinators(professional_client, programme):
    assert professional_client.get(reverse("accompaniment:dashboard")).status_code == 403


def test_the_dashboard_shows_the_most_loaded_referents_first_and_the_others_on_request(
    coordinator_client, professional, colleague, programme
):
    from accompaniment import workspace

    a_referred_youth(colleague)
    a_referred_youth(colleague)
    a_referred_youth(professional)
    others = UserFactory.create_batch(workspace.CASELOAD_LIMIT)
    url = reverse("accompaniment:dashboard")

    context = coordinator_client.get(url).context
    shown = [member.pk for member in context["caseloads"]]
    assert len(shown) == workspace.CASELOAD_LIMIT
    assert shown[:2] == [colleague.pk, professional.pk]
    assert context["more_caseloads"] == 2  # 2 + 30 professionals, 30 shown
    assert "Afficher tous les référents" in coordinator_client.get(url).content.decode()

    everyone = coordinator_client.get(url, {"show": "all"}).context
    assert {member.pk for member in everyone["caseloads"]} >= {other.pk for other in others}
    assert everyone["more_caseloads"] == 0


def test_the_dashboard_lists_the_oldest_pathways_without_referent_and_counts_them_all(coordinator_client, programme):
    from accompaniment import workspace

    gone = UserFactory(is_active=False)
    for day in range(workspace.CASELOAD_LIMIT + 3):
        PathwayFactory(referent=gone, started_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=day))
    url = reverse("accompaniment:dashboard")

    response = coordinator_client.get(url)
    listed = response.context["without_referent"]
    assert len(listed) == workspace.CASELOAD_LIMIT and listed[0].started_on == datetime.date(2026, 1, 1)
    assert response.context["without_referent_count"] == workspace.CASELOAD_LIMIT + 3
    assert f"sur {workspace.CASELOAD_LIMIT + 3}" in response.content.decode()
    assert (
        len(coordinator_client.get(url, {"show": "all"}).context["without_referent"]) == workspace.CASELOAD_LIMIT + 3
    )


def test_the_workspace_lists_the_reviews_due_this_week_and_those_overdue(professional_client, professional, programme):
    def with_review(days_from_today):
        youth = a_referred_youth(professional)
        youth.pathways.update(planned_review_on=TODAY + datetime.timedelta(days=days_from_today))
        return youth

    overdue, soon, later = with_review(-10), with_review(3), with_review(30)
    a_referred_youth(professional)  # no review planned

    response = professional_client.get(reverse("accompaniment:workspace"))
    assert [youth.pk for youth in response.context["reviews_due"]] == [overdue.pk, soon.pk]
    page = response.content.decode()
    section = page[page.index('id="reviews-title"') : page.index('id="inactive-title"')]
    assert overdue.display_name in section and soon.display_name in section and later.display_name not in section
    assert section.count("en retard") == 1

    accompaniment = professional_client.get(reverse("accompaniment:youth", args=[overdue.pk])).content.decode()
    assert "en retard" in accompaniment
    assert "en retard" not in professional_client.get(reverse("accompaniment:youth", args=[soon.pk])).content.decode()


def test_without_reviews_due_the_workspace_says_so(professional_client, professional, programme):
    a_referred_youth(professional)
    page = professional_client.get(reverse("accompaniment:workspace")).content.decode()
    assert "Aucun bilan prévu dans la semaine qui vient." in page
