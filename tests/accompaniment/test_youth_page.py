from django.urls import reverse

from accompaniment.models import Exit

from .conftest import count_queries
from .factories import ActionFactory, BarrierFactory, FollowUpFactory, ParticipationFactory, PathwayFactory


def fill(pathway, colleague, times):
    for _ in range(times):
        barrier = BarrierFactory(pathway=pathway)
        ActionFactory(pathway=pathway).barriers.add(barrier)
        FollowUpFactory(youth=pathway.youth, author=colleague, pathway=pathway)
        ParticipationFactory(youth=pathway.youth)


def test_the_youth_page_shows_everything_with_a_constant_number_of_queries(
    professional_client, professional, colleague, youth, programme
):
    past = PathwayFactory(youth=youth, referent=professional)
    fill(past, colleague, 2)
    Exit.record(past, outcome="cdi", exited_on=past.started_on, by=professional)
    pathway = PathwayFactory(youth=youth, referent=professional)
    fill(pathway, colleague, 2)
    pathway.change_referent(colleague, reason="Relais", by=professional)
    url = reverse("accompaniment:youth", args=[youth.pk])
    few = count_queries(professional_client, url)
    fill(pathway, colleague, 25)
    fill(past, colleague, 10)
    assert count_queries(professional_client, url) == few
    page = professional_client.get(url).content.decode()
    assert "Relais" in page and "Vérification à 3 mois" in page and "CDI" in page


def test_the_panel_query_count_does_not_grow(professional_client, professional, colleague, pathway):
    url = reverse("accompaniment:youth_panel", args=[pathway.youth.pk])
    fill(pathway, colleague, 2)
    few = count_queries(professional_client, url)
    fill(pathway, colleague, 20)
    assert count_queries(professional_client, url) == few
