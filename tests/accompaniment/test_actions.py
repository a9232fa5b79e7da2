from django.urls import reverse

from accompaniment.enums import ActionKind, Attendance
from accompaniment.models import Action, Participation
from reflex.audit.models import AccessEntry
from tests.submission_tokens import with_token
from tests.youths.factories import YouthFactory

from .conftest import count_queries
from .factories import ActionFactory, BarrierFactory, ParticipationFactory


def test_an_action_addresses_barriers_of_the_pathway(colleague_client, pathway, organisation):
    barrier = BarrierFactory(pathway=pathway)
    response = colleague_client.post(
        reverse("accompaniment:action_create", args=[pathway.pk]),
        with_token(
            {
                "category": "mobility",
                "title": "Code de la route",
                "provider_organisation": organisation.pk,
                "status": "planned",
                "starts_on": "2026-05-01",
                "barriers": [barrier.pk],
            }
        ),
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert action.kind == ActionKind.INDIVIDUAL and action.pathway == pathway
    assert list(action.barriers.all()) == [barrier]
    page = colleague_client.get(reverse("accompaniment:youth", args=[pathway.youth.pk])).content.decode()
    assert "Code de la route" in page


def test_an_action_needs_a_provider(professional_client, pathway):
    response = professional_client.post(
        reverse("accompaniment:action_create", args=[pathway.pk]),
        with_token(
            {"category": "training", "title": "Remise à niveau", "status": "planned", "starts_on": "2026-05-01"}
        ),
    )
    assert response.status_code == 200
    assert (
        "Choisissez le partenaire qui porte cette action, ou indiquez l&#x27;organisme extérieur."
        in response.content.decode()
    )
    assert not Action.objects.exists()


def test_an_outside_body_can_provide_an_action(professional_client, pathway):
    professional_client.post(
        reverse("accompaniment:action_create", args=[pathway.pk]),
        with_token(
            {
                "category": "training",
                "title": "Remise à niveau",
                "provider_name": "GRETA Nord-Isère",
                "status": "done",
                "starts_on": "2026-05-01",
                "ends_on": "2026-06-30",
            }
        ),
    )
    assert Action.objects.get().provider == "GRETA Nord-Isère"


def test_a_collective_action_fills_its_participants_and_their_attendance(professional_client, professional, youth):
    response = professional_client.post(
        reverse("accompaniment:collective_create"),
        with_token(
            {
                "category": "job_dating",
                "title": "Job dating logistique",
                "provider_organisation": professional.organisation.pk,
                "status": "planned",
                "starts_on": "2026-06-12",
            }
        ),
    )
    action = Action.objects.get()
    assert response.url == reverse("accompaniment:collective_detail", args=[action.pk])
    assert action.kind == ActionKind.COLLECTIVE and action.pathway is None

    other = YouthFactory(identified=True, shared=True, first_name="Rayan")
    add = reverse("accompaniment:participant_add", args=[action.pk])
    fragment = professional_client.post(add, with_token(youth=youth.pk), headers={"HX-Request": "true"})
    professional_client.post(add, with_token(youth=other.pk), headers={"HX-Request": "true"})
    professional_client.post(add, with_token(youth=other.pk), headers={"HX-Request": "true"})  # twice: still once
    assert "<html" not in fragment.content.decode() and "Yasmine" in fragment.content.decode()
    assert action.participations.count() == 2

    participation = Participation.objects.get(youth=youth)
    professional_client.post(
        reverse("accompaniment:participant_attendance", args=[participation.pk]), {"attendance": "present"}
    )
    participation.refresh_from_db()
    assert participation.attendance == Attendance.PRESENT
    assert AccessEntry.objects.filter(youth_id=youth.pk, object_type="accompaniment.action").exists()

    listing = professional_client.get(reverse("accompaniment:collective_list")).content.decode()
    assert "Job dating logistique" in listing and "1 / 2" in listing


def test_picking_nobody_gets_a_french_message(professional_client):
    action = ActionFactory(collective=True)
    response = professional_client.post(
        reverse("accompaniment:participant_add", args=[action.pk]), {"youth": ""}, headers={"HX-Request": "true"}
    )
    assert "Choisissez un jeune dans la liste." in response.content.decode()


def test_participants_others_may_not_see_are_counted_not_named(outsider_client, professional):
    action = ActionFactory(collective=True)
    private = YouthFactory(first_name="Inconnu", referent=professional)  # not shared with the consortium
    ParticipationFactory(action=action, youth=private)
    page = outsider_client.get(reverse("accompaniment:collective_detail", args=[action.pk])).content.decode()
    assert "Inconnu" not in page
    assert "et 1 jeune que vous ne suivez pas" in page


def test_a_youth_one_may_not_see_cannot_be_added(outsider_client, professional):
    action = ActionFactory(collective=True)
    private = YouthFactory(referent=professional)
    outsider_client.post(reverse("accompaniment:participant_add", args=[action.pk]), with_token(youth=private.pk))
    assert not Participation.objects.exists()


def test_the_collective_list_query_count_does_not_grow(professional_client, django_assert_max_num_queries):
    url = reverse("accompaniment:collective_list")
    ParticipationFactory()
    few = count_queries(professional_client, url)
    for _ in range(30):
        ParticipationFactory()
    with django_assert_max_num_queries(few):
        response = professional_client.get(url)
    assert response.content.decode().count("Atelier CV") == 31
