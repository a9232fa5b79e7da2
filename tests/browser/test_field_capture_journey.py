"""The field screen on a phone (375×812): an ordinary session logged from the home page, counting the screens, taps
and fields it takes (target: at most 2 screens, 12 taps, 6 fields typed; `make bench` prints them); then the same
screen with the network cut: entries kept through a reload and a new login, each sent exactly once."""

import datetime
import json
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.browser.steps import assert_accessible, log_in

pytest.importorskip("outreach.views.field", reason="the field screen has not landed")

from outreach.enums import SessionMode, SessionStatus  # noqa: E402
from outreach.models import EncounterTally, NamedContact, OutreachSession  # noqa: E402
from reflex.typography import french_spacing as fr
from tests.outreach.factories import OutreachSessionFactory, PlaceFactory  # noqa: E402
from youths.enums import ConsentChannel, Stage  # noqa: E402
from youths.models import Youth  # noqa: E402

# Sending waits for the server on a shared, busy machine: give assertions the same 10 s as the page's actions.
expect.set_options(timeout=10_000)
MEASURE_FILE = Path(__file__).resolve().parents[2] / "bench" / "field_capture.json"
TARGETS = {"screens": 2, "taps": 12, "fields": 6}


class Journey:
    """Taps and fields typed, counted as a person's thumb would: every click, every field filled."""

    def __init__(self, page):
        self.page = page
        self.taps = 0
        self.fields = 0
        self.screens = 1  # the home page the person starts from
        page.on("framenavigated", self._navigated)
        self._start = page.url

    def _navigated(self, frame):
        if frame == self.page.main_frame and frame.url != self._start:
            self.screens += 1
            self._start = frame.url

    def tap(self, locator):
        locator.click()
        self.taps += 1

    def type(self, locator, text):
        locator.fill(text)
        self.fields += 1

    def counts(self):
        return {"screens": self.screens, "taps": self.taps, "fields": self.fields}


@pytest.fixture
def planned_now(professional):
    """This morning's (or this evening's) truck session with Karim, in progress now."""
    now = timezone.localtime()
    start = max(now - datetime.timedelta(hours=1), now.replace(hour=0, minute=0, second=0, microsecond=0))
    end = min(start + datetime.timedelta(hours=3), now.replace(hour=23, minute=59, second=0, microsecond=0))
    return OutreachSessionFactory(
        date=now.date(),
        start_time=start.time().replace(second=0, microsecond=0),
        end_time=end.time(),
        place=PlaceFactory(name="Place du marché", neighbourhood__name="Champ-Fleuri"),
        mode=SessionMode.TRUCK,
        staff=[professional],
    )


def phone_page(browser, browser_context_args):
    context = browser.new_context(**{**browser_context_args, "viewport": PHONE, "is_mobile": True, "has_touch": True})
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def test_an_ordinary_session_is_logged_in_two_screens(
    browser, browser_context_args, programme, professional, planned_now
):
    """3 young people met, 1 through an older brother, 1 named with a nickname and a phone, the notice given."""
    context, mobile = phone_page(browser, browser_context_args)
    log_in(mobile, professional)
    journey = Journey(mobile)

    journey.tap(mobile.get_by_role("link", name="Je suis en sortie"))
    expect(mobile.get_by_role("heading", level=1)).to_have_text("Place du marché")
    assert_accessible(mobile, "the field screen (phone)")
    journey.tap(mobile.get_by_role("button", name=fr("Confirmer : nous sommes en sortie")))

    new = mobile.get_by_role("button", name="Un nouveau jeune de plus")
    for _ in range(3):
        journey.tap(new)
    journey.tap(mobile.locator("label", has_text="Frère ou sœur"))
    journey.tap(new)
    expect(mobile.locator("[data-total]")).to_have_text(fr("Total : 4 rencontrés, dont 4 nouveaux"))

    # The nickname typed in the search is carried into the short form.
    journey.type(mobile.get_by_label("Chercher ou ajouter un jeune"), "Yaya")
    journey.tap(mobile.get_by_role("button", name=fr("Nouveau contact nommé : « Yaya »")))
    expect(mobile.get_by_label("Surnom", exact=True)).to_have_value("Yaya")
    journey.type(mobile.get_by_label("Téléphone", exact=True), "06 12 34 56 78")
    journey.tap(mobile.locator("label", has_text="Oui"))
    assert_accessible(mobile, "the short form of a named contact (phone)")
    journey.tap(mobile.get_by_role("button", name="Enregistrer ce contact"))
    expect(mobile.locator("[data-queue-status]")).to_have_text("Tout est envoyé.")
    expect(mobile.locator("#field-contacts")).to_contain_text("Yaya")  # sent, and still listed
    expect(mobile.locator("#field-contacts .field-pending")).to_have_count(0)

    journey.tap(mobile.get_by_role("button", name="Fin de sortie"))
    expect(mobile.locator("[data-finished]")).to_contain_text(fr("Fin de sortie : tout est envoyé."))
    counts = journey.counts()
    context.close()

    planned_now.refresh_from_db()
    assert planned_now.status == SessionStatus.DONE
    tallies = list(planned_now.tallies.values_list("count", "new_count", "channel", "entourage_kind"))
    assert sorted(tallies) == sorted([(1, 1, "direct", "")] * 3 + [(1, 1, "entourage", "sibling")])
    youth = Youth.objects.with_stage().get()
    assert (youth.nickname, youth.phone, youth.consent_channel, youth.stage) == (
        "Yaya",
        "06 12 34 56 78",
        ConsentChannel.SCREEN,
        Stage.IDENTIFIED,
    )
    MEASURE_FILE.write_text(json.dumps({**counts, "targets": TARGETS}) + "\n")
    print(f"\nfield capture journey: {counts}")
    assert counts["screens"] <= TARGETS["screens"], counts
    assert counts["taps"] <= TARGETS["taps"], counts
    assert counts["fields"] <= TARGETS["fields"], counts


def test_entries_typed_offline_survive_a_reload_and_a_new_login_and_count_once(
    browser, browser_context_args, programme, professional, planned_now
):
    context, mobile = phone_page(browser, browser_context_args)
    log_in(mobile, professional)
    mobile.goto(f"/aller-vers/terrain/{planned_now.pk}/")
    expect(mobile.locator("html[data-offline-ready]")).to_have_count(1)  # the page is kept for offline use
    status = mobile.locator("[data-queue-status]")

    context.set_offline(True)
    new = mobile.get_by_role("button", name="Un nouveau jeune de plus")
    for _ in range(3):
        new.click()
    mobile.get_by_role("button", name="Un nouveau jeune de moins").click()  # a tap taken back
    new.click()
    mobile.get_by_role("button", name="Nouveau contact nommé").click()
    mobile.get_by_label("Surnom", exact=True).fill("Lolo")
    mobile.get_by_label("Pseudo sur un réseau").fill("@lolo38")
    mobile.get_by_role("button", name="Enregistrer ce contact").click()
    expect(status).to_have_text("4 saisies en attente d'envoi")
    expect(mobile.locator("[data-network-badge]")).to_have_text("Hors ligne")
    expect(mobile.locator("#field-contacts")).to_contain_text("Lolo · en attente d'envoi")

    # A reload without network: the page comes from the service worker, the entries from IndexedDB.
    mobile.reload()
    expect(mobile.get_by_role("heading", level=1)).to_have_text("Place du marché")
    expect(status).to_have_text("4 saisies en attente d'envoi")
    expect(mobile.locator("[data-stepper='new'] [data-count]")).to_have_text("3")
    assert not EncounterTally.objects.exists() and not NamedContact.objects.exists()

    # The session expired meanwhile: back online, the server asks for a login and nothing is lost.
    context.clear_cookies()
    context.set_offline(False)
    expect(mobile.locator("[data-login-needed]")).to_be_visible()
    expect(status).to_have_text("4 saisies en attente d'envoi")
    log_in(mobile, professional)
    mobile.goto(f"/aller-vers/terrain/{planned_now.pk}/")
    expect(status).to_have_text("Tout est envoyé.")
    expect(mobile.locator("[data-stepper='new'] [data-count]")).to_have_text("3")
    expect(mobile.locator("#field-contacts")).to_contain_text("Lolo")

    # Sending again changes nothing: each entry exists once.
    mobile.reload()
    expect(status).to_have_text("Tout est envoyé.")
    assert EncounterTally.objects.filter(session=planned_now).count() == 3
    assert list(NamedContact.objects.values_list("youth__nickname", "youth__social_handle")) == [("Lolo", "@lolo38")]
    planned_now.refresh_from_db()
    assert planned_now.status == SessionStatus.DONE
    assert OutreachSession.objects.count() == 1

    # Logging out clears what the browser kept.
    mobile.goto("/")
    with mobile.expect_navigation():
        mobile.evaluate("document.querySelector(\"form[action='/compte/logout/']\").submit()")
    expect(mobile).to_have_url(re.compile(r"/compte/login/"))
    leftovers = mobile.evaluate("indexedDB.databases().then((dbs) => dbs.map((db) => db.name))")
    assert "reflex-field" not in leftovers
    context.close()


def test_relays_are_named_on_taps_and_contacts_offline_too(
    browser, browser_context_args, programme, professional, planned_now
):
    from outreach.models import Relay

    baker = Relay.objects.create(label="La boulangère", kind="shopkeeper", place=planned_now.place)
    context, mobile = phone_page(browser, browser_context_args)
    log_in(mobile, professional)
    mobile.goto(f"/aller-vers/terrain/{planned_now.pk}/")
    expect(mobile.locator("html[data-offline-ready]")).to_have_count(1)
    status = mobile.locator("[data-queue-status]")
    new = mobile.get_by_role("button", name="Un nouveau jeune de plus")
    tally_relay = mobile.locator("#tally-relay")
    expect(tally_relay).to_be_hidden()  # met directly: no relay

    context.set_offline(True)
    mobile.get_by_text("Entraîneur sportif", exact=True).click()
    expect(tally_relay).to_be_visible()
    expect(tally_relay.locator(f"option[value='{baker.pk}']")).to_be_disabled()  # a shopkeeper, not a coach
    tally_relay.select_option("new")
    label = mobile.locator("#tally-relay-label")
    label.fill("Karim 06 12 34 56 78")
    new.click()
    expect(mobile.locator("[data-rejected]")).to_contain_text("retirez le numéro de téléphone")
    expect(status).to_have_text("Tout est envoyé.")  # nothing queued
    label.fill("Le coach du city")
    new.click()
    new.click()
    mobile.get_by_role("button", name="Nouveau contact nommé").click()
    mobile.get_by_label("Surnom", exact=True).fill("Lolo")
    mobile.locator("#contact-via").select_option("shopkeeper")
    mobile.locator("#contact-relay").select_option(str(baker.pk))
    mobile.get_by_role("button", name="Enregistrer ce contact").click()
    expect(status).to_have_text("3 saisies en attente d'envoi")
    mobile.reload()  # from the service worker and IndexedDB
    expect(status).to_have_text("3 saisies en attente d'envoi")

    context.set_offline(False)
    expect(status).to_have_text("Tout est envoyé.")
    coach = Relay.objects.get(label="Le coach du city")
    assert (coach.kind, coach.place) == ("coach", planned_now.place)
    assert EncounterTally.objects.filter(session=planned_now, relay=coach).count() == 2
    assert NamedContact.objects.get(session=planned_now).relay == baker
    context.close()
