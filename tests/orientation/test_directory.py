"""The directory: search by barrier, town, mode and words; local entries by coordinators; the printable card."""

import pytest

from orientation.models import Service, Structure
from reflex.submissions.models import Submission
from tests.submission_tokens import with_token

from .factories import ServiceFactory, StructureFactory


@pytest.fixture
def services(db):
    villefontaine = StructureFactory(name="Maison des jeunes", town="Villefontaine", postcode="38090")
    return {
        "permis": ServiceFactory(name="Permis solidaire", themes=["mobilite--preparer-un-permis"]),
        "sante": ServiceFactory(
            name="Point santé", structure=villefontaine, themes=["sante--acces-aux-soins"], modes=["a-distance"]
        ),
        "closed": ServiceFactory(name="Garage solidaire", themes=["mobilite--acceder-a-un-vehicule"], is_closed=True),
    }


def _names(response):
    return {service.name for service in response.context["page"]}


def test_search_by_barrier_town_mode_and_words(professional_client, services):
    assert _names(professional_client.get("/orientation/")) == {"Permis solidaire", "Point santé"}
    assert _names(professional_client.get("/orientation/?barrier=mobility")) == {"Permis solidaire"}
    assert _names(professional_client.get("/orientation/?town=villefont")) == {"Point santé"}
    assert _names(professional_client.get("/orientation/?town=38090")) == {"Point santé"}
    assert _names(professional_client.get("/orientation/?mode=a-distance")) == {"Point santé"}
    assert _names(professional_client.get("/orientation/?q=maison+sant")) == {"Point santé"}
    assert _names(professional_client.get("/orientation/?barrier=nonsense")) == {"Permis solidaire", "Point santé"}


def test_search_ignores_case_and_accents(professional_client, services):
    StructureFactory(name="Foyer", town="L'Isle-d'Abeau", postcode="38080")
    ServiceFactory(name="Hébergement d'urgence", structure=Structure.objects.get(name="Foyer"))
    assert _names(professional_client.get("/orientation/?q=SANTE")) == {"Point santé"}
    assert _names(professional_client.get("/orientation/?q=hebergement+durgence")) == set()
    assert _names(professional_client.get("/orientation/?q=hebergement+d+urgence")) == {"Hébergement d'urgence"}
    assert _names(professional_client.get("/orientation/?town=isle+d+abeau")) == {"Hébergement d'urgence"}
    assert _names(professional_client.get("/orientation/?town=l%27isle-d%27abeau")) == {"Hébergement d'urgence"}


def test_directory_queries_do_not_grow_with_services(professional_client, services):
    from tests.accompaniment.conftest import count_queries

    before = count_queries(professional_client, "/orientation/")
    ServiceFactory.create_batch(5)
    assert count_queries(professional_client, "/orientation/") == before


def test_funders_and_outsiders_of_the_programme_see_nothing(funder_client, services):
    assert funder_client.get("/orientation/").status_code == 403
    assert funder_client.get(f"/orientation/services/{services['permis'].pk}/fiche/").status_code == 403


def test_coordinator_adds_a_local_service_once(coordinator_client, outsider):
    structure = StructureFactory(name="Résidence Habitat Jeunes")
    data = {
        "structure": structure.pk,
        "name": "Logement temporaire",
        "themes": ["logement-hebergement--rechercher-une-solution-dhebergement-temporaire"],
        "modes": ["en-presentiel"],
        "contact_person": outsider.pk,
        "submission_token": "7b1e3c9e-8a55-4c0e-9d7e-3b8f2f3d1a10",
    }
    first = coordinator_client.post("/orientation/services/nouveau/", data)
    again = coordinator_client.post("/orientation/services/nouveau/", data)
    service = Service.objects.get()
    assert first["Location"] == again["Location"] == f"/orientation/services/{service.pk}/"
    assert service.barrier_categories == ["housing"] and service.source_id == ""
    assert Submission.objects.count() == 1


def test_coordinator_adds_a_structure_and_bad_input_is_shown(coordinator_client):
    response = coordinator_client.post(
        "/orientation/structures/nouvelle/", with_token({"name": "", "email": "pas-un-mail"})
    )
    assert response.status_code == 200 and set(response.context["form"].errors) == {"name", "email"}
    coordinator_client.post("/orientation/structures/nouvelle/", with_token({"name": "Point d'accès au droit"}))
    assert Structure.objects.get().name == "Point d'accès au droit"


def test_professionals_do_not_edit_the_directory(professional_client, services):
    assert professional_client.get("/orientation/services/nouveau/").status_code == 403
    assert professional_client.get(f"/orientation/services/{services['permis'].pk}/modifier/").status_code == 403


def test_service_card_holds_the_service_and_nothing_else(professional_client, services, youth, pathway):
    service = services["sante"]
    service.what_to_bring = "Carte vitale et pièce d'identité"
    service.how_to_get_there = "Bus ligne A, arrêt Mairie"
    service.hours = "Lundi-vendredi 9h-17h"
    service.save()
    response = professional_client.get(f"/orientation/services/{service.pk}/fiche/")
    content = response.content.decode()
    assert response.status_code == 200
    for expected in ("Point santé", "Carte vitale", "Bus ligne A", "Lundi-vendredi", "Villefontaine"):
        assert expected in content
    for personal in (youth.first_name, youth.last_name, youth.nickname):
        assert personal not in content


def test_the_card_can_be_sent_by_e_mail_without_the_young_person(professional_client, services):
    response = professional_client.get(f"/orientation/services/{services['sante'].pk}/fiche/")
    assert "mailto:?subject=Point%20sant%C3%A9" in response.content.decode()
    assert "Villefontaine" in response.context["card_text"]
