"""Each role logs in, at desktop width and on a phone, and finds its own navigation; funders see reports only."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from reflex.typography import french_spacing as fr
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.steps import assert_accessible, log_in, navigation_labels
from tests.partners.factories import TEST_PASSWORD

FIELD_STAFF_MENU = ["Accueil", "Jeunes", "Aller-vers", "Accompagnement", "Services", "Rapports"]
MENUS = {
    "coordinator": [*FIELD_STAFF_MENU, "Consortium"],
    "professional": FIELD_STAFF_MENU,
    "funder": ["Rapports"],
}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("role", ["coordinator", "professional", "funder"])
def test_each_role_logs_in_and_sees_its_own_menu(page, live_server, programme, role, viewport, request):
    user = request.getfixturevalue(role)
    page.set_viewport_size(viewport)

    log_in(page, user)

    assert navigation_labels(page) == MENUS[role]
    expect(page.get_by_role("button", name=user.get_full_name(), exact=False)).to_be_visible()
    if role == "funder":
        expect(page).to_have_url(f"{live_server.url}/rapports/")
    else:
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Bonjour {user.first_name}")
        expect(page.get_by_text(fr("objectif : 190 jeunes"))).to_be_visible()
    assert_accessible(page, f"home of the {role} ({viewport['width']}px)")


def test_a_funder_is_refused_the_pages_about_young_people(page, funder, programme):
    log_in(page, funder)

    for url_name in ["youths:list", "outreach:index", "accompaniment:index", "partners:programme"]:
        response = page.goto(reverse(url_name))
        assert response.status == 403, url_name
        expect(page.get_by_role("heading", name="Accès refusé")).to_be_visible()
    assert_accessible(page, "the access-denied page")


def test_a_wrong_password_is_refused_in_french(page, professional):
    page.goto("/")  # anonymous: sent to the login page
    expect(page.get_by_role("heading", name="Connexion à RéFLEX")).to_be_visible()
    assert_accessible(page, "the login page")

    page.get_by_label("Adresse e-mail").fill(professional.email)
    page.get_by_label("Mot de passe").fill(TEST_PASSWORD + "-typo")
    page.get_by_role("button", name="Se connecter").click()

    expect(page.get_by_text("Saisissez")).to_contain_text("mot de passe valides")
    expect(page.get_by_label("Adresse e-mail")).to_have_value(professional.email)
    expect(
        page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Jeunes")
    ).to_have_count(0)
    assert_accessible(page, "the login page with its error")


def test_the_coordinator_edits_the_programme(page, coordinator, programme):
    log_in(page, coordinator)
    page.get_by_role("link", name="Consortium").click()
    expect(page.get_by_role("heading", name="Paramètres du consortium")).to_be_visible()
    assert_accessible(page, "the programme settings")

    target = page.get_by_label("Nombre de jeunes visé")
    target.fill("")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".invalid-feedback, .errorlist").first).to_be_visible()  # required field, told in place

    target.fill("240")
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.get_by_role("alert")).to_contain_text("enregistr")
    expect(page.get_by_label("Nombre de jeunes visé")).to_have_value("240")
    programme.refresh_from_db()
    assert programme.target_youths == 240
    page.get_by_role("link", name="Accueil").click()
    expect(page.get_by_text(fr("objectif : 240 jeunes"))).to_be_visible()

    page.get_by_role("link", name="Consortium").click()
    for tab in ["Quartiers", "Équipe"]:
        page.get_by_role("link", name=tab, exact=True).click()
        assert_accessible(page, f"the {tab} tab of the consortium settings")
