"""The role home pages carry the essentials of "Mon suivi" (professionals) and of the dashboard (coordinators)."""

from django.urls import reverse

from tests.partners.factories import UserFactory

from .conftest import count_queries
from .test_workspace import a_referred_youth


def test_the_professionals_home_shows_the_essentials_of_the_caseload(professional_client, professional, programme):
    a_referred_youth(professional, appointment_in_days=0)
    a_referred_youth(professional, last_follow_up_days_ago=90)
    page = professional_client.get(reverse("home")).content.decode()
    assert "Bonjour Karim" in page
    assert "jeunes dont je suis référent" in page and "À recontacter" in page
    assert reverse("accompaniment:workspace") in page


def test_the_coordinators_home_shows_the_essentials_of_the_dashboard(coordinator_client, programme):
    from .factories import PathwayFactory

    PathwayFactory(referent=UserFactory(is_active=False))
    response = coordinator_client.get(reverse("home"))
    summary = response.context["accompaniment"]
    assert summary["without_referent"] == 1 and summary["in_pathway"] == 1 and summary["target"] == 190
    assert "parcours sans référent" in response.content.decode()


def test_funders_still_land_on_their_reports(funder_client):
    assert funder_client.get(reverse("home")).url == reverse("reports:index")


def test_the_professionals_home_query_count_does_not_grow(professional_client, professional, programme):
    a_referred_youth(professional, appointment_in_days=1)
    few = count_queries(professional_client, reverse("home"))
    for days in range(30):
        a_referred_youth(professional, last_follow_up_days_ago=days * 3, appointment_in_days=days % 4)
    assert count_queries(professional_client, reverse("home")) == few
