"""What a person does in every journey: log in, open the menu, and the accessibility check of each page."""

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.partners.factories import TEST_PASSWORD

_axe = Axe()
SECOND_FACTOR_PATH = re.compile(r"/double-authentification/")
BLOCKING_IMPACTS = {"serious", "critical"}


def log_in(page, user, password=TEST_PASSWORD):
    """Log in through the login form, as a person would, give the authenticator's code where the account has one
    (coordinators must: see the `coordinator` fixture of tests/browser/conftest.py), and wait for the landing page."""
    page.goto("/compte/login/")
    page.get_by_label("Adresse e-mail").fill(user.email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    expect(page).not_to_have_url(re.compile(r"/compte/login/"))
    if SECOND_FACTOR_PATH.search(page.url):
        expect(page.get_by_role("heading", name="Confirmez qu'il s'agit bien de vous")).to_be_visible()
        assert_accessible(page, "the second-factor page")
        page.get_by_label("Code de votre application d'authentification").fill(current_code(user))
        page.get_by_role("button", name="Confirmer").click()
        expect(page).not_to_have_url(SECOND_FACTOR_PATH)


def current_code(user):
    """The 6 digits the person's authenticator app shows now (a code is accepted once: forget the last one used)."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user=user, confirmed=True)
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def field(scope, label):
    """The field labelled `label`, whatever its case, with or without the "*" crispy forms add to required ones."""
    return scope.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$", re.IGNORECASE))


def choose(select, text):
    """Pick the option of a <select> whose label contains `text` (e.g. a person's name beside their partner)."""
    label = select.locator("option", has_text=text).first.text_content().strip()
    select.select_option(label=label)


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


def assert_accessible(page, label="", waived=()):
    """axe-core on the page as it stands: no serious or critical violation.

    `waived`: rule ids known to fail on this page, each to be fixed in the named template (kept visible here).
    """
    # A button whose colours are still fading in (Bootstrap's transitions) would be measured half-way.
    page.evaluate("() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null)))")
    response = _axe.run(page).response
    blocking = [v for v in response["violations"] if v["impact"] in BLOCKING_IMPACTS and v["id"] not in waived]
    report = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} → {[node['target'] for node in v['nodes']][:5]}" for v in blocking
    )
    assert not blocking, f"axe on {label or page.url}:\n{report}"
