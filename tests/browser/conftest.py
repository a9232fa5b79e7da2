"""Browser journeys: Debian's chromium driven by pytest-playwright against pytest-django's live server.

The journeys run in `make test` (marked `browser`); they skip, saying why, only where /usr/bin/chromium is absent
(`.ci/run` installs it with apt). Never `playwright install`: the browser is the system one.

Playwright's sync API keeps an asyncio loop running in the test thread, and Django then refuses plain ORM calls.
So the Playwright stack is package-scoped here (it stops, and its loop with it, when the journeys are done: the
rest of the suite runs as before), and Django's async-safety check is relaxed only while the journeys run.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM.exists():
                item.add_marker(pytest.mark.skip(reason=f"{CHROMIUM} is absent: `apt-get install chromium`"))


@pytest.fixture(scope="package", autouse=True)
def _orm_calls_beside_playwright():
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package")
def playwright(_orm_calls_beside_playwright):
    driver = sync_playwright().start()
    yield driver
    driver.stop()


@pytest.fixture(scope="package")
def browser_type(playwright):
    return playwright.chromium


@pytest.fixture(scope="package")
def browser_type_launch_args():
    return {"executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="package")
def launch_browser(browser_type_launch_args, browser_type):
    def launch(**kwargs):
        return browser_type.launch(**{**browser_type_launch_args, **kwargs})

    return launch


@pytest.fixture(scope="package")
def browser(launch_browser):
    chromium = launch_browser()
    yield chromium
    chromium.close()


@pytest.fixture(scope="session")
def base_url(live_server):
    """Pages are opened by path (`page.goto("/jeunes/")`) on the live server."""
    return live_server.url


@pytest.fixture(scope="package")
def browser_context_args(base_url):
    # French users' browsers ask for French, and the interface answers in French.
    return {"base_url": base_url, "locale": "fr-FR", "viewport": DESKTOP, "timezone_id": "Europe/Paris"}


@pytest.fixture
def page(context):
    """A tab whose waits give up after 10 s: a journey that cannot go on should say so quickly."""
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    return tab


@pytest.fixture
def coordinator(coordinator):
    """Coordinators give a second factor at each login: this one has set up an authenticator app."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=coordinator, name="RéFLEX", confirmed=True)
    return coordinator
