from django.urls import reverse

from outreach.models import Place
from tests.partners.factories import NeighbourhoodFactory
from tests.submission_tokens import with_token

from .factories import OutreachSessionFactory, PlaceFactory


def test_a_coordinator_adds_a_place(coordinator_client):
    neighbourhood = NeighbourhoodFactory()
    data = {"name": "City stade", "neighbourhood": neighbourhood.pk, "kind": "sports_ground", "is_active": "on"}
    assert coordinator_client.post(reverse("outreach:place_create"), with_token(data)).status_code == 302
    assert Place.objects.get().kind == "sports_ground"


def test_a_place_needs_both_coordinates(coordinator_client):
    data = {"name": "Gare", "kind": "transport_hub", "latitude": "45.59", "longitude": ""}
    response = coordinator_client.post(reverse("outreach:place_create"), with_token(data))
    assert "Indiquez la latitude et la longitude, ou aucune des deux." in response.content.decode()
    data = {"name": "Gare", "kind": "transport_hub", "latitude": "145", "longitude": "5.2"}
    response = coordinator_client.post(reverse("outreach:place_create"), with_token(data))
    assert response.status_code == 200 and not Place.objects.exists()


def test_the_place_list_has_a_fixed_number_of_queries(professional_client, django_assert_max_num_queries):
    for _ in range(15):
        place = PlaceFactory()
        OutreachSessionFactory(place=place, done=True)
    with django_assert_max_num_queries(9):
        response = professional_client.get(reverse("outreach:places"))
    assert response.content.decode().count("<tr>") == 16
