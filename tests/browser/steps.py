"""What a person does in every journey: log in, open the menu, and the accessibility check of each page."""

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.partners.factories import TEST_PASSWORD

_axe = Axe()
BLOCKING_IMPACTS = {"serious", "critical"}


def log_in(page, user, password=TEST_PASSWORD):
    """Log in through the login form, as a person would, and wait for the landing page."""
    page.goto("/compte/login/")
    page.get_by_label("Adresse e-mail").fill(user.email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    expect(page).not_to_have_url(re.compile(r"/compte/login/"))


def main_navigation(page):
    """The main menu, opened first where the phone layout folds it behind its button."""
    navigation = page.get_by_role("navigation", name="Navigation principale")
    toggler = navigation.get_by_role("button", name="Ouvrir le menu")
    if toggler.is_visible():
        toggler.click()
        expect(page.locator("#main-nav")).to_be_visible()
    return navigation


def navigation_labels(page):
    return [label.strip() for label in main_navigation(page).locator("#main-nav a.nav-link").all_inner_texts()]


def assert_accessible(page, label=""):
    """axe-core on the page as it stands: no serious or critical violation."""
    response = _axe.run(page).response
    blocking = [v for v in response["violations"] if v["impact"] in BLOCKING_IMPACTS]
    report = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} → {[node['target'] for node in v['nodes']][:5]}" for v in blocking
    )
    assert not blocking, f"axe on {label or page.url}:\n{report}"
