"""Who reaches what: the referent, a colleague of the same partner, a professional of another partner (outsider),
a coordinator and a funder."""

import pytest
from django.urls import reverse

from accompaniment.models import FollowUp
from tests.submission_tokens import with_token
from tests.youths.factories import YouthFactory

from .factories import ActionFactory, BarrierFactory, FollowUpFactory, PathwayFactory


@pytest.fixture
def private_pathway(professional, programme):
    """A young person who did not agree to share with the consortium, referred by `professional`."""
    return PathwayFactory(youth=YouthFactory(identified=True, first_name="Privé"), referent=professional)


def pages_of(pathway):
    youth = pathway.youth
    return [
        reverse("accompaniment:youth", args=[youth.pk]),
        reverse("accompaniment:youth_panel", args=[youth.pk]),
        reverse("accompaniment:follow_up_create", args=[youth.pk]),
    ]


def test_the_referent_and_coordinators_reach_a_private_record(
    professional_client, coordinator_client, private_pathway
):
    for client in (professional_client, coordinator_client):
        for url in pages_of(private_pathway):
            assert client.get(url).status_code == 200, url


def test_a_professional_of_another_partner_gets_404_for_a_private_record(outsider_client, private_pathway):
    for url in [
        *pages_of(private_pathway),
        reverse("accompaniment:pathway_edit", args=[private_pathway.pk]),
        reverse("accompaniment:pathway_referent", args=[private_pathway.pk]),
        reverse("accompaniment:barrier_create", args=[private_pathway.pk]),
        reverse("accompaniment:action_create", args=[private_pathway.pk]),
        reverse("accompaniment:exit_create", args=[private_pathway.pk]),
        reverse("accompaniment:barrier_edit", args=[BarrierFactory(pathway=private_pathway).pk]),
        reverse("accompaniment:follow_up_edit", args=[FollowUpFactory(youth=private_pathway.youth).pk]),
        reverse("accompaniment:action_edit", args=[ActionFactory(pathway=private_pathway).pk]),
    ]:
        assert outsider_client.get(url).status_code == 404, url


def test_a_shared_record_lets_others_add_follow_ups_and_actions_but_not_run_the_pathway(outsider_client, pathway):
    youth = pathway.youth
    assert outsider_client.get(reverse("accompaniment:youth", args=[youth.pk])).status_code == 200
    response = outsider_client.post(
        reverse("accompaniment:follow_up_create", args=[youth.pk]),
        with_token({"happened_on": "2026-11-20", "mode": "office", "summary": "Atelier mobilité"}),
    )
    assert response.status_code == 302 and FollowUp.objects.count() == 1
    assert outsider_client.get(reverse("accompaniment:action_create", args=[pathway.pk])).status_code == 200
    for name in ["pathway_edit", "pathway_referent", "barrier_create", "exit_create"]:
        assert outsider_client.get(reverse(f"accompaniment:{name}", args=[pathway.pk])).status_code == 403, name
    assert outsider_client.post(reverse("accompaniment:pathway_pause", args=[pathway.pk])).status_code == 403


def test_a_professional_cannot_start_a_pathway_for_someone_else_refers(outsider_client, pathway):
    pathway.youth.pathways.update(status="ended")
    response = outsider_client.get(reverse("accompaniment:pathway_start", args=[pathway.youth.pk]))
    assert response.status_code == 403


def test_the_referent_may_hand_over(professional_client, pathway, colleague):
    response = professional_client.post(
        reverse("accompaniment:pathway_referent", args=[pathway.pk]),
        {"referent": colleague.pk, "reason": "Mutation", "changed_on": "2026-11-02"},
    )
    assert response.status_code == 302
    pathway.refresh_from_db()
    assert pathway.referent == colleague


@pytest.mark.parametrize(
    "name,args",
    [
        ("index", []),
        ("workspace", []),
        ("dashboard", []),
        ("collective_list", []),
        ("collective_create", []),
        ("youth", ["youth"]),
        ("youth_panel", ["youth"]),
        ("pathway_start", ["youth"]),
        ("pathway_edit", ["pathway"]),
    ],
)
def test_funders_reach_nothing(funder_client, pathway, name, args):
    values = {"youth": pathway.youth.pk, "pathway": pathway.pk}
    response = funder_client.get(reverse(f"accompaniment:{name}", args=[values[arg] for arg in args]))
    assert response.status_code == 403
