"""The coordinator plans a truck session; a professional on a phone logs it: a tally of anonymous encounters and a
named contact, whose record is created after the duplicate check."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from outreach.enums import SessionMode, SessionStatus
from outreach.models import OutreachSession
from reflex.typography import french_spacing as fr
from tests.browser.conftest import PHONE
from tests.browser.steps import assert_accessible, field, log_in, main_navigation
from tests.outreach.factories import PlaceFactory
from tests.youths.factories import YouthFactory
from youths.models import Youth


@pytest.fixture
def market_square(db):
    return PlaceFactory(name="Place du marché", neighbourhood__name="Champ-Fleuri")


@pytest.fixture
def known_youth(professional):
    """Already met by the same partner: the new record's duplicate check must show him."""
    return YouthFactory(
        first_name="Yanis",
        last_name="Belkacem",
        birth_date=datetime.date(2004, 6, 2),
        created_by=professional,
        created_by_organisation=professional.organisation,
        shares_with_consortium=True,
    )


def test_a_planned_truck_session_is_logged_from_a_phone(
    browser, browser_context_args, page, programme, coordinator, professional, market_square, known_youth
):
    today = timezone.localdate()

    # The coordinator plans this morning's truck session with Karim.
    log_in(page, coordinator)
    main_navigation(page).get_by_role("link", name="Aller-vers").click()
    assert_accessible(page, "the outreach week (coordinator)")
    page.get_by_role("link", name="Planifier une sortie", exact=True).click()
    expect(page.get_by_role("heading", name="Planifier une sortie")).to_be_visible()
    assert_accessible(page, "the session planning form")
    field(page, "Date").fill(f"{today:%Y-%m-%d}")
    field(page, "Début").fill("09:30")
    field(page, "Fin").fill("12:00")
    field(page, "Lieu").select_option(label=str(market_square))
    field(page, "Modalité").select_option(label="Camion")
    page.get_by_label(coordinator.get_full_name()).uncheck()  # ticked by default: she plans it for Karim
    page.get_by_label(professional.get_full_name()).check()
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.get_by_role("alert")).to_contain_text("La sortie est planifiée.")
    chip = page.locator(".session-chip", has_text="Place du marché")
    expect(chip).to_contain_text("09:30–12:00")
    expect(chip).to_contain_text(professional.first_name)
    session = OutreachSession.objects.get()
    assert (session.mode, session.status, list(session.staff.all())) == (
        SessionMode.TRUCK,
        SessionStatus.PLANNED,
        [professional],
    )

    # Karim, on his phone, opens the session from his planning and logs it.
    phone = browser.new_context(**{**browser_context_args, "viewport": PHONE, "is_mobile": True, "has_touch": True})
    mobile = phone.new_page()
    mobile.set_default_timeout(10_000)
    log_in(mobile, professional)
    main_navigation(mobile).get_by_role("link", name="Aller-vers").click()
    mobile.locator(".session-chip", has_text="Place du marché").click()
    expect(mobile.get_by_role("heading", level=1)).to_contain_text("Place du marché")
    assert_accessible(mobile, "the session page (phone)")
    mobile.get_by_role("link", name="Renseigner cette sortie").click()
    expect(mobile.get_by_role("heading", name="Jeunes rencontrés (anonymes)")).to_be_visible()
    assert_accessible(mobile, "the session log (phone)")

    tally_form = mobile.locator("#tally-form")
    field(tally_form, "Jeunes rencontrés").fill("6")
    field(tally_form, "Dont nouveaux").fill("4")
    tally_form.get_by_role("button", name="Ajouter ces rencontres").click()
    expect(mobile.locator("#tally-list")).to_contain_text("6 rencontrés")
    expect(mobile.locator("#tally-list")).to_contain_text("4 nouveaux")
    # A second line right after: it carries a new one-time token (a replay of the first would add nothing).
    field(tally_form, "Jeunes rencontrés").fill("2")
    tally_form.get_by_role("button", name="Ajouter ces rencontres").click()
    expect(mobile.locator("#tally-list")).to_contain_text("2 rencontrés")

    # A young man gives his name: not found in the search, so his record is created — after the duplicate check.
    mobile.get_by_role("link", name=fr("Introuvable ? Créer sa fiche (les doublons sont vérifiés)")).click()
    expect(mobile.get_by_role("heading", name="Nouvelle fiche")).to_be_visible()
    assert_accessible(mobile, "the new record form (phone)")
    field(mobile, "Prénom").fill("Yanis")
    field(mobile, "Nom").fill("Belkacem")
    field(mobile, "Année de naissance").fill("2007")
    field(mobile, "Téléphone").fill("06 11 22 33 44")
    mobile.get_by_role("button", name="Créer la fiche").click()

    candidates = mobile.get_by_role("region", name="Cette personne a peut-être déjà une fiche")
    expect(candidates).to_contain_text("Yanis Belkacem")
    expect(candidates).to_contain_text(f"#{known_youth.pk}")
    assert Youth.objects.count() == 1  # nothing created before the professional decides
    assert_accessible(mobile, "the duplicate check (phone)")
    candidates.get_by_role("button", name=fr("Personne différente : créer la fiche")).click()

    expect(mobile.get_by_role("alert")).to_contain_text("La fiche a été créée.")
    new_youth = Youth.objects.exclude(pk=known_youth.pk).get()
    contact_form = mobile.locator("#contact-form")
    expect(contact_form.locator("[data-youth-picker-label]")).to_have_text(new_youth.display_name)
    contact_form.get_by_role("button", name="Ajouter ce contact").click()
    expect(mobile.locator("#contact-list")).to_contain_text(new_youth.display_name)

    mobile.get_by_role("button", name="Enregistrer le compte rendu").click()
    expect(mobile.get_by_role("alert")).to_contain_text("Le compte rendu de la sortie est enregistré.")
    expect(mobile.get_by_text("Réalisée")).to_be_visible()
    expect(mobile.locator(".list-group").first).to_contain_text("6 rencontrés")
    expect(mobile.get_by_role("link", name=new_youth.display_name)).to_be_visible()
    phone.close()

    session.refresh_from_db()
    assert session.status == SessionStatus.DONE
    assert sorted((t.count, t.new_count) for t in session.tallies.all()) == [(2, 0), (6, 4)]
    assert [c.youth for c in session.named_contacts.all()] == [new_youth]
