"""The coordinator starts a pathway with a referent; the referent logs a follow-up, a barrier, an action and the
exit. Then the same follow-up form, used with the keyboard alone."""

import datetime

import pytest
from playwright.sync_api import expect

from accompaniment.models import Pathway
from reflex.typography import french_spacing as fr
from tests.browser.steps import assert_accessible, choose, field, log_in, main_navigation
from tests.youths.factories import YouthFactory


@pytest.fixture
def samira(professional):
    """Met twice at the truck, notice given: ready for a pathway."""
    return YouthFactory(
        identified=True,
        first_name="Samira",
        last_name="Khelifi",
        birth_date=datetime.date(2006, 1, 20),
        created_by=professional,
        created_by_organisation=professional.organisation,
        shares_with_consortium=True,
    )


def test_a_pathway_from_its_start_to_its_exit(
    page, browser, browser_context_args, programme, coordinator, professional, samira
):
    # The coordinator finds Samira in the list and starts her pathway, with Karim as referent.
    log_in(page, coordinator)
    main_navigation(page).get_by_role("link", name="Jeunes").click()
    assert_accessible(page, "the youth list (coordinator)")
    page.get_by_role("link", name="Samira Khelifi").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Samira Khelifi")
    panel = page.locator("#accompaniment-panel")
    expect(panel).to_contain_text("Aucun parcours en cours")
    assert_accessible(page, "the youth record (coordinator)")
    panel.get_by_role("link", name="Démarrer un parcours").click()
    assert_accessible(page, "the pathway start form")
    choose(field(page, "Référent"), professional.get_full_name())
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.get_by_role("alert")).to_contain_text("Le parcours a commencé.")
    pathway_card = page.get_by_role("region", name="Parcours en cours")
    expect(pathway_card).to_contain_text(professional.get_full_name())
    assert_accessible(page, "the accompaniment page (coordinator)")

    # Karim, the referent, finds her in his workspace.
    referent = browser.new_context(**browser_context_args).new_page()
    referent.set_default_timeout(10_000)
    log_in(referent, professional)
    main_navigation(referent).get_by_role("link", name="Accompagnement").click()
    assert_accessible(referent, "the referent workspace")
    referent.get_by_role("region", name="Les jeunes dont je suis référent").get_by_role(
        "link", name="Samira Khelifi"
    ).click()

    referent.get_by_role("link", name="Saisir un entretien").click()
    assert_accessible(referent, "the follow-up form")
    field(referent, "Modalité").select_option(label="Téléphone")
    field(referent, "Durée (minutes)").fill("25")
    field(referent, "Compte rendu").fill("Point sur la recherche de formation ; elle veut passer le permis.")
    field(referent, "Prochaine étape").fill("Inscription au code")
    referent.get_by_role("button", name="Enregistrer").click()
    expect(referent.get_by_role("alert")).to_contain_text("L'entretien a été enregistré.")
    follow_ups = referent.get_by_role("region", name="Entretiens")
    expect(follow_ups).to_contain_text("Point sur la recherche de formation")

    referent.get_by_role("link", name="Ajouter un frein").click()
    assert_accessible(referent, "the barrier form")
    field(referent, "Catégorie").select_option(label="Mobilité")
    referent.get_by_role("button", name="Enregistrer").click()
    expect(referent.get_by_role("alert")).to_contain_text("Le frein a été enregistré.")
    expect(referent.get_by_role("region", name="Freins")).to_contain_text("Mobilité")

    referent.get_by_role("link", name="Ajouter une action").click()
    assert_accessible(referent, "the action form")
    field(referent, "Catégorie").select_option(label="Mobilité")
    field(referent, "Intitulé").fill("Code de la route à la plateforme mobilité")
    referent.get_by_label("Mobilité", exact=False).last.check()  # the barrier this action addresses
    referent.get_by_role("button", name="Enregistrer").click()
    expect(referent.get_by_role("alert")).to_contain_text("L'action a été enregistrée.")
    expect(referent.get_by_role("region", name="Actions")).to_contain_text("Code de la route à la plateforme mobilité")

    referent.get_by_role("link", name="Enregistrer la sortie").click()
    assert_accessible(referent, "the exit form")
    # By name: its label reads "Suite donnée" (outreach's French for the same msgid "outcome") instead of
    # "Motif de sortie" while the two app catalogues disagree on that msgid.
    referent.locator("select[name=outcome]").select_option(label="Formation qualifiante")
    referent.locator("input[name=employer]").fill("AFPA Villefontaine")
    referent.get_by_role("button", name="Enregistrer").click()
    expect(referent.get_by_role("alert")).to_contain_text("La sortie a été enregistrée et le parcours est terminé.")
    # Then what the pathway still holds open (the mobility barrier, the planned action) is closed in one step.
    assert_accessible(referent, "closing what remains open after the exit")
    referent.get_by_role("button", name="Les clore").click()
    expect(referent.get_by_role("alert")).to_contain_text("Ce que le parcours laissait ouvert est clos.")
    expect(referent.get_by_text(fr("Sortie :"))).to_be_visible()
    expect(referent.locator("main")).to_contain_text("Formation qualifiante")
    expect(referent.get_by_role("link", name="Enregistrer la sortie")).to_have_count(0)
    assert_accessible(referent, "the accompaniment page after the exit")

    pathway = Pathway.objects.get(youth=samira)
    assert pathway.referent == professional
    assert pathway.ended_on is not None
    assert pathway.exit.outcome == "qualifying"
    assert [b.category for b in pathway.barriers.all()] == ["mobility"]
    assert [a.barriers.count() for a in pathway.actions.all()] == [1]
    assert samira.follow_ups.get().duration_minutes == 25
