"""The logging forms work with the keyboard alone: Tab to reach each control, typing, arrows, Space and Enter.

No click and no direct filling here: each control is reached by pressing Tab from the previous one, as a person
who cannot use a pointer would (or one logging on a phone with a keyboard attached).
"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accompaniment.models import FollowUp, Pathway
from outreach.models import NamedContact
from tests.browser.steps import log_in
from tests.outreach.factories import OutreachSessionFactory
from tests.youths.factories import YouthFactory

MAX_TABS = 80


def tab_to(page, locator, backwards=False):
    """Press Tab (Shift+Tab) until `locator` has the focus; fail if the keyboard never reaches it."""
    target = locator.element_handle()
    for _ in range(MAX_TABS):
        if page.evaluate("element => document.activeElement === element", target):
            return
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
    raise AssertionError(f"{locator} cannot be reached with the Tab key")


@pytest.fixture
def samira(professional):
    return YouthFactory(
        identified=True,
        first_name="Samira",
        last_name="Khelifi",
        birth_date=datetime.date(2006, 1, 20),
        created_by=professional,
        created_by_organisation=professional.organisation,
        shares_with_consortium=True,
    )


def test_a_session_and_a_follow_up_logged_with_the_keyboard_alone(page, programme, professional, samira):
    session = OutreachSessionFactory(date=timezone.localdate(), staff=[professional])
    Pathway.start(samira, referent=professional, by=professional, started_on=timezone.localdate())
    log_in(page, professional)

    # The session log: a tally of encounters.
    page.goto(f"/aller-vers/sorties/{session.pk}/compte-rendu/")
    tally_form = page.locator("#tally-form")
    tab_to(page, tally_form.locator("input[name=count]"))
    page.keyboard.type("5")
    page.keyboard.press("Tab")
    page.keyboard.type("2")
    tab_to(page, tally_form.get_by_role("button", name="Ajouter ces rencontres"))
    page.keyboard.press("Enter")
    expect(page.locator("#tally-list")).to_contain_text("5 rencontrés")

    # A named contact: the young person found through the search, picked with Enter.
    contact_form = page.locator("#contact-form")
    tab_to(page, contact_form.get_by_role("searchbox"))
    page.keyboard.type("Samira")
    result = contact_form.get_by_role("button", name="Samira Khelifi")
    expect(result).to_be_visible()
    tab_to(page, result)
    page.keyboard.press("Enter")
    expect(contact_form.locator("[data-youth-picker-label]")).to_have_text("Samira Khelifi")
    tab_to(page, contact_form.get_by_role("button", name="Ajouter ce contact"))
    page.keyboard.press("Enter")
    expect(page.locator("#contact-list")).to_contain_text("Samira Khelifi")
    assert NamedContact.objects.filter(session=session, youth=samira).exists()

    # The follow-up form of her accompaniment, reached from her page with the keyboard.
    page.goto(f"/accompagnement/jeune/{samira.pk}/")
    tab_to(page, page.get_by_role("link", name="Saisir un entretien"))
    page.keyboard.press("Enter")
    mode = page.locator("select[name=mode]")
    tab_to(page, mode)
    page.keyboard.press("ArrowDown")  # the next mode after the default one
    chosen_mode = mode.input_value()
    tab_to(page, page.locator("input[name=duration_minutes]"))
    page.keyboard.type("40")
    tab_to(page, page.locator("textarea[name=summary]"))
    page.keyboard.type("Entretien saisi au clavier.")
    confidential = page.locator("input[name=confidential]")
    tab_to(page, confidential)
    page.keyboard.press("Space")
    expect(confidential).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Enregistrer"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("alert")).to_contain_text("L'entretien a été enregistré.")
    follow_up = FollowUp.objects.get(youth=samira)
    assert (follow_up.mode, follow_up.duration_minutes, follow_up.confidential) == (chosen_mode, 40, True)
    assert follow_up.summary == "Entretien saisi au clavier."
