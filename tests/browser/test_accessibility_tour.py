"""The accessibility tour: every named page of the application, as each role, checked the way the RGAA asks.

Every named URL is walked (tests/browser/tour_pages.py builds each one's arguments from factory records, or says
why it is not an HTML page read by GET; tests/reflex/test_accessibility_catalogue.py fails on a name in neither).
On each page a role may open:
- axe-core finds no serious or critical violation, at 1280 px and at 320 px (the layouts differ: folded menu,
  stacked columns);
- nothing scrolls sideways at 320 px (WCAG 1.4.10 reflow: 320 CSS px is 1280 px zoomed to 400 %);
- the first Tab reaches a visible "Aller au contenu" link to the main content, and every control reached with the
  keyboard shows where the focus is;
- the title says where one is (the page's own name before " · RéFLEX") and there is one level-1 heading.
375 px (the common phone) is checked on a sample of the most used pages only: it falls in the same Bootstrap
breakpoint as 320 px (below 576 px), so the same layout, with more room; 320 px is the stricter case.
Then the states a first load does not show: forms sent empty (their errors displayed), htmx fragments swapped in
(the young person's panel, the picker's results), the folded menu and the account menu open, the field screen's
contact form and its notice dialog open.

Runtime: one browser context per role, reused for all its pages (one login each); a page a role may not open
(403/404) is only loaded. About 180 page checks in all, 5 to 8 minutes on two cores. While fixing a page,
REFLEX_TOUR_ONLY=name,name walks only those.
"""

import os
import re

from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP
from tests.browser.steps import assert_accessible, log_in
from tests.browser.tour_pages import ARGUMENTS, EXCLUDED, build_world, url_names

REFLOW = {"width": 320, "height": 720}
PHONE = {"width": 375, "height": 812}
PHONE_SAMPLE = {
    "home",
    "youths:list",
    "youths:detail",
    "accompaniment:youth",
    "accompaniment:workspace",
    "accompaniment:dashboard",
    "accompaniment:follow_up_create",
    "outreach:session_log",
    "outreach:field_session",
    "reports:index",
    "accessibility",
}
# Forms sent empty, by the role that may use them: their error messages must be accessible too.
FORMS = {
    "coordinator": [
        "partners:neighbourhood_create",
        "partners:staff_create",
        "outreach:place_create",
        "orientation:service_create",
        "orientation:structure_create",
        "accompaniment:collective_create",
    ],
    "professional": [
        "youths:create",
        "outreach:session_create",
        "outreach:online_create",
        "accompaniment:follow_up_create",
        "accompaniment:appointment_create",
        "accompaniment:barrier_create",
        "accompaniment:action_create",
        "accompaniment:exit_create",
        "orientation:create",
        "password_change",
    ],
    "funder": [],
    "anonymous": ["login", "password_reset"],
}
REFUSED = {403, 404}
ROLES = ["anonymous", "funder", "professional", "coordinator"]

# Focus: a control reached with the keyboard shows an outline or a ring (Bootstrap's box-shadow).
INVISIBLE_FOCUS = """() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]';
  const folded = '[hidden], [inert], .collapse:not(.show), .dropdown-menu:not(.show)';
  const shown = (el) => el.tabIndex >= 0 && el.offsetParent !== null && !el.closest(folded);
  const missing = [];
  for (const el of [...document.querySelectorAll(selector)].filter((el) => !el.disabled && shown(el))) {
    el.focus({preventScroll: true});
    if (document.activeElement !== el) continue;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    if (!outline && style.boxShadow === 'none') missing.push(el.outerHTML.slice(0, 120));
  }
  document.activeElement.blur();
  return missing;
}"""
# The first stop of the Tab key in the page's order (where a page opens with no field focused).
FIRST_STOP = """() => {
  const el = [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, [tabindex]')]
    .find((el) => el.tabIndex >= 0 && !el.disabled);
  return el ? [el.getAttribute('href'), el.textContent.trim()] : null;
}"""
# What sticks out on the right: the innermost elements past the viewport's width.
STICKING_OUT = """() => {
  const past = (el) => el.getBoundingClientRect().right > window.innerWidth + 0.5;
  const scrolled = (el) => { for (let up = el.parentElement; up; up = up.parentElement) {
    if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(up).overflowX)) return true; } return false; };
  return [...document.body.querySelectorAll('*')]
    .filter((el) => past(el) && !scrolled(el) && ![...el.children].some(past))
    .slice(0, 3).map((el) => el.outerHTML.slice(0, 100));
}"""
SETTLED = "() => !document.querySelector('.htmx-request, [hx-trigger=\"load\"]')"


def url_for(name, world):
    return reverse(name, args=ARGUMENTS[name](world) if name in ARGUMENTS else [])


def check_page(page, label, problems, *, reflow=True, phone=False):
    """Every check of one page as loaded; problems are gathered, so that one run lists them all."""
    page.wait_for_function(SETTLED)
    try:
        title = page.title()
        assert re.fullmatch(r".*\S.* · RéFLEX", title), f"{label}: the title {title!r} does not name the page"
        assert page.get_by_role("heading", level=1).count() == 1, f"{label}: not exactly one level-1 heading"
        page.keyboard.press("Tab")  # the keyboard is in use: focus rings show from now on
        first = page.evaluate(FIRST_STOP)
        assert first == ["#main", "Aller au contenu"], f"{label}: the first Tab stop is {first}, not the skip link"
        skip = page.locator("a[href='#main']").first
        skip.focus()
        assert skip.is_visible(), f"{label}: the skip link stays hidden when focused"
        assert page.locator("#main").count() == 1, f"{label}: no #main to skip to"
        invisible = page.evaluate(INVISIBLE_FOCUS)
        assert not invisible, f"{label}: focus not visible on {invisible[:3]}"
        assert_accessible(page, f"{label} at 1280 px")
        widths = [REFLOW] + ([PHONE] if phone else []) if reflow else []
        for viewport in widths:
            page.set_viewport_size(viewport)
            overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, (
                f"{label}: scrolls {overflow} px sideways at {viewport['width']} px: {page.evaluate(STICKING_OUT)}"
            )
            assert_accessible(page, f"{label} at {viewport['width']} px")
    except AssertionError as problem:
        problems.append(str(problem))
    finally:
        page.set_viewport_size(DESKTOP)


def send_empty(page, label, problems):
    """Send the page's main form with every visible field emptied (the browser's own checks off, as a screen reader
    user meets the server's messages), then check the page with its errors."""
    sent = page.evaluate(
        """() => {
      const forms = [...document.querySelectorAll('#main form[method=post], #main form[method=POST]')];
      const form = forms.sort((a, b) => b.elements.length - a.elements.length)[0];
      if (!form) return false;
      form.noValidate = true;
      for (const field of form.elements) {
        if (['hidden', 'submit', 'button', 'checkbox', 'radio', 'file'].includes(field.type)) continue;
        if (field.tagName === 'SELECT') field.selectedIndex = -1; else field.value = '';
      }
      const button = form.querySelector('[type=submit]');
      form.requestSubmit(button || undefined);
      return true;
    }"""
    )
    if not sent:
        problems.append(f"{label}: no form to send")
        return
    page.wait_for_load_state()
    errors = page.locator(".invalid-feedback, .errorlist, .alert-danger, [aria-invalid=true]")
    try:
        expect(errors.first).to_be_visible()
    except AssertionError:
        problems.append(f"{label}: sent empty, the form shows no error")
        return
    check_page(page, f"{label} with its errors", problems)


def open_menus(page, role, problems):
    """The account menu open at 1280 px, the folded main menu open at 320 px."""
    page.goto("/")
    page.wait_for_function(SETTLED)
    try:
        account = page.get_by_role("navigation", name="Navigation principale").locator(".dropdown-toggle")
        account.click()
        expect(page.locator(".dropdown-menu.show")).to_be_visible()
        assert_accessible(page, f"the account menu open ({role})")
        page.keyboard.press("Escape")
        expect(page.locator(".dropdown-menu.show")).to_have_count(0)
        page.set_viewport_size(REFLOW)
        page.get_by_role("button", name="Ouvrir le menu").click()
        expect(page.locator("#main-nav")).to_be_visible()
        page.locator("#main-nav.collapsing").wait_for(state="detached")
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the open menu scrolls {overflow} px sideways at 320 px ({role})"
        assert_accessible(page, f"the main menu open at 320 px ({role})")
    except AssertionError as problem:
        problems.append(str(problem))
    finally:
        page.set_viewport_size(DESKTOP)


def other_states(page, world, problems):
    """States a page reaches only by use: the young-person picker's results (an htmx fragment) on the session log;
    on the field screen, the named-contact form unfolded and the information notice's dialog, in both versions."""
    try:
        page.goto(url_for("outreach:session_log", world))
        page.locator("#contact-form").get_by_role("searchbox").fill("Samira")
        result = page.locator("#contact-form").get_by_role("button", name=re.compile("Samira"))
        expect(result.first).to_be_visible()
        assert_accessible(page, "the session log with the picker's results")

        page.goto(url_for("outreach:field_session", world))
        page.get_by_role("button", name="Nouveau contact nommé").click()
        expect(page.locator("[data-contact-form]")).to_be_visible()
        assert_accessible(page, "the field screen with its contact form open")
        page.get_by_role("button", name="Montrer la notice").click()
        dialog = page.get_by_role("dialog")
        expect(dialog).to_be_visible()
        assert_accessible(page, "the field screen's information notice")
        dialog.get_by_role("button", name="Version facile à lire").click()
        assert_accessible(page, "the field screen's easy-to-read notice")
        page.keyboard.press("Escape")  # a modal dialog closes with Escape: the keyboard is not held in it
        expect(dialog).to_be_hidden()
    except AssertionError as problem:
        problems.append(str(problem))


def test_every_page_as_each_role(browser, browser_context_args, programme, coordinator, professional, funder):
    world = build_world(coordinator, professional)
    users = {"coordinator": coordinator, "professional": professional, "funder": funder}
    names = sorted(url_names() - EXCLUDED.keys())
    if only := os.environ.get("REFLEX_TOUR_ONLY"):  # while fixing a page: REFLEX_TOUR_ONLY=outreach:index,home
        names = [name for name in names if name in only.split(",")]
    problems, seen = [], set()
    for role in ROLES:
        context = browser.new_context(**browser_context_args)
        page = context.new_page()
        page.set_default_timeout(10_000)
        if role != "anonymous":
            log_in(page, users[role])
        refusal_checked = False
        for name in names:
            path = url_for(name, world)
            response = page.goto(path)
            status = response.status if response else 0
            if role == "anonymous" and re.search(r"/compte/login/\?next=", page.url):
                continue  # sent to log in, as every private page does (tests/reflex/test_access.py)
            if status in REFUSED:
                if not refusal_checked:
                    refusal_checked = True
                    check_page(page, f"the refusal page ({role}, {name})", problems)
                continue
            if status != 200:
                problems.append(f"{name} answered {status} to the {role}")
                continue
            seen.add(name)
            check_page(page, f"{name} ({role})", problems, phone=name in PHONE_SAMPLE)
        for name in FORMS[role]:
            page.goto(url_for(name, world))
            send_empty(page, f"{name} ({role})", problems)
        if role != "anonymous":
            open_menus(page, role, problems)
        if role == "professional":
            other_states(page, world, problems)
        context.close()
    unseen = sorted(set(names) - seen)
    assert not unseen, f"pages no role could open (build their arguments in tour_pages.py): {unseen}"
    assert not problems, "\n".join(problems)
