"""The main journeys work with the keyboard alone: Tab to reach each control, typing, arrows, Space and Enter.

No click and no direct filling here: each control is reached by pressing Tab from the previous one, as a person
who cannot use a pointer would (or one logging on a phone with a keyboard attached). On each form, the Tab key
walks the controls in the page's reading order, from the top to the footer's last control, and nothing holds the
focus on the way (RGAA 12.8 and 12.9: tab order, no keyboard trap).
"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accompaniment.models import FollowUp, Pathway
from outreach.models import NamedContact
from reflex.reports.models import GeneratedReport
from tests.browser.steps import log_in
from tests.outreach.factories import OutreachSessionFactory
from tests.youths.factories import YouthFactory

MAX_TABS = 80
# A control may take a few presses (a date and time field: its segments, then its picker button): more is a trap.
PRESSES_ON_ONE_CONTROL = 8
TABBABLE = """() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]';
  const folded = '[hidden], [inert], .collapse:not(.show), .dropdown-menu:not(.show)';
  const stops = [...document.querySelectorAll(selector)]
    .filter((el) => el.tabIndex >= 0 && !el.disabled && el.offsetParent !== null && !el.closest(folded));
  stops.forEach((el, index) => { el.dataset.tabStop = index; });
  return stops.length;
}"""


def tab_to(page, locator, backwards=False):
    """Press Tab (Shift+Tab) until `locator` has the focus; fail if the keyboard never reaches it."""
    target = locator.element_handle()
    for _ in range(MAX_TABS):
        if page.evaluate("element => document.activeElement === element", target):
            return
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
    raise AssertionError(f"{locator} cannot be reached with the Tab key")


def assert_tab_order_without_trap(page, label):
    """From the top of the page, Tab reaches every control in the page's order, forwards only, to the last one (the
    footer's), without being held anywhere. Call it on a page just loaded (nothing focused yet)."""
    stops = page.evaluate(TABBABLE)
    previous, presses_here = -1, 0
    for _ in range(stops * PRESSES_ON_ONE_CONTROL + 5):
        page.keyboard.press("Tab")
        stop = page.evaluate("() => document.activeElement?.dataset?.tabStop ?? null")
        if stop is None:
            continue  # a control the page shows only now (none is expected on these pages)
        stop = int(stop)
        if stop == previous:
            presses_here += 1
            held = page.evaluate("() => document.activeElement.outerHTML.slice(0, 150)")
            assert presses_here < PRESSES_ON_ONE_CONTROL, f"{label}: the focus is held on tab stop {stop}: {held}"
            continue
        assert stop > previous, f"{label}: Tab went back from stop {previous} to stop {stop}"
        previous, presses_here = stop, 0
        if stop == stops - 1:
            return
    raise AssertionError(f"{label}: Tab stopped at stop {previous} of {stops}: the rest cannot be reached")


@pytest.fixture
def reports_folder(settings, tmp_path):
    settings.REPORTS_ROOT = tmp_path / "reports"
    return settings.REPORTS_ROOT


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
    assert_tab_order_without_trap(page, "the session log")
    page.reload()
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
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_tab_order_without_trap(page, "the follow-up form")
    page.reload()
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


def test_a_pathway_started_and_a_report_generated_with_the_keyboard_alone(
    page, browser, browser_context_args, programme, coordinator, professional, samira, reports_folder
):
    # The professional starts Samira's pathway from her record (the accompaniment panel, loaded by htmx).
    log_in(page, professional)
    page.goto(f"/jeunes/{samira.pk}/")
    start = page.locator("#accompaniment-panel").get_by_role("link", name="Démarrer un parcours")
    expect(start).to_be_visible()
    tab_to(page, start)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1, name="Démarrer un parcours")).to_be_visible()
    assert_tab_order_without_trap(page, "the pathway start form")
    page.reload()
    referent = page.locator("select[name=referent]")
    tab_to(page, referent)
    assert referent.input_value() == str(professional.pk)  # a professional runs the pathways they start
    tab_to(page, page.get_by_role("button", name="Enregistrer"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Le parcours a commencé.")
    pathway = Pathway.objects.get(youth=samira)
    assert pathway.referent == professional

    # The coordinator generates the funder report from the reports page.
    desk = browser.new_context(**browser_context_args).new_page()
    desk.set_default_timeout(10_000)
    log_in(desk, coordinator)
    desk.goto("/rapports/")
    assert_tab_order_without_trap(desk, "the reports page")
    desk.reload()
    funder_card = desk.get_by_role("region", name="Rapport d'avancement au financeur")
    tab_to(desk, funder_card.get_by_role("button", name="Générer le rapport au financeur"))
    desk.keyboard.press("Enter")
    expect(desk.get_by_text("Le rapport est prêt.")).to_be_visible(timeout=60_000)
    assert GeneratedReport.objects.get().author == coordinator
    desk.context.close()
