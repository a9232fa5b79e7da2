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


def test_the_page_shows_the_latest_follow_ups_and_all_on_request(professional_client, professional, youth, programme):
    import datetime

    from accompaniment.views.youth import PAGE_FOLLOW_UPS

    first_day = datetime.date(2025, 1, 1)
    for day in range(PAGE_FOLLOW_UPS + 5):
        FollowUpFactory(
            youth=youth,
            author=professional,
            happened_on=first_day + datetime.timedelta(days=day),
            summary=f"Note {day}",
        )
    url = reverse("accompaniment:youth", args=[youth.pk])
    page = professional_client.get(url).content.decode()
    assert f"Note {PAGE_FOLLOW_UPS + 4}" in page and "Note 5<" in page and "Note 4<" not in page
    assert f"Les {PAGE_FOLLOW_UPS} derniers entretiens sont affichés" in page and "?follow_ups=all" in page
    everything = professional_client.get(url, {"follow_ups": "all"}).content.decode()
    assert "Note 0<" in everything and "derniers entretiens sont affichés" not in everything


def test_follow_ups_offer_an_edit_link_to_who_may_edit_them(
    professional_client, coordinator_client, professional, colleague, youth, programme
):
    mine = FollowUpFactory(youth=youth, author=professional)
    theirs = FollowUpFactory(youth=youth, author=colleague)
    secret = FollowUpFactory(youth=youth, author=colleague, confidential_note=True)
    url = reverse("accompaniment:youth", args=[youth.pk])

    def edit_links(client):
        page = client.get(url).content.decode()
        return {f for f in (mine, theirs, secret) if reverse("accompaniment:follow_up_edit", args=[f.pk]) in page}

    assert edit_links(professional_client) == {mine}
    assert edit_links(coordinator_client) == {mine, theirs}  # not a confidential note
