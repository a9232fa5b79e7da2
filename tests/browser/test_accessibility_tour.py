"""axe-core on the main pages the journeys do not pass through, as each role that uses them, on a little data."""

import datetime

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.browser.steps import assert_accessible, log_in

TOUR = {
    "coordinator": [
        "accompaniment:dashboard",
        "outreach:analytics",
        "outreach:month",
        "outreach:places",
        "outreach:online_list",
        "outreach:feeds",
        "accompaniment:collective_list",
        "reports:indicators",
        "reports:archive",
        "reports:glossary",
        "audit:journal",
        "audit:lockouts",
    ],
    "professional": [
        "accompaniment:workspace",
        "outreach:index",
        "outreach:session_log_new",
        "youths:list",
        "reports:index",
    ],
    "funder": ["reports:index", "reports:archive", "reports:glossary"],
}
# A young person's pages, for the coordinator and for the referent (the change history is the coordinator's).
YOUTH_PAGES = {
    "coordinator": [
        "youths:detail",
        "youths:edit",
        "accompaniment:youth",
        "privacy:youth",
        "privacy:history",
        "reports:youth_report",
    ],
    "professional": ["youths:detail", "youths:edit", "accompaniment:youth", "privacy:youth", "reports:youth_report"],
    "funder": [],
}

# Violations found in other apps' templates, waived here until fixed there (each named with its template).
WAIVED = {}


def existing(url_names, *args):
    paths = []
    for name in url_names:
        try:
            paths.append((name, reverse(name, args=args)))
        except NoReverseMatch:
            continue  # a page not in this version of the app
    return paths


@pytest.fixture
def some_activity(professional):
    """A logged session with a tally, and a young person in a pathway: pages show figures, tables and charts."""
    outreach = pytest.importorskip("tests.outreach.factories")
    youths = pytest.importorskip("tests.youths.factories")
    accompaniment = pytest.importorskip("accompaniment.models")
    session = outreach.OutreachSessionFactory(date=timezone.localdate() - datetime.timedelta(days=2), done=True)
    session.staff.set([professional])
    outreach.TallyFactory(session=session, count=7, new_count=3)
    youth = youths.YouthFactory(identified=True, created_by=professional, shares_with_consortium=True)
    accompaniment.Pathway.start(youth, referent=professional, by=professional, started_on=timezone.localdate())
    return youth


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("role", ["coordinator", "professional", "funder"])
def test_the_main_pages_have_no_serious_accessibility_violation(
    page, programme, some_activity, role, viewport, request
):
    user = request.getfixturevalue(role)
    if viewport:
        page.set_viewport_size(viewport)
    log_in(page, user)
    problems = []
    pages = existing(TOUR[role]) + existing(YOUTH_PAGES[role], some_activity.pk)
    for name, path in pages:
        response = page.goto(path)
        assert response.status == 200, f"{name} answered {response.status} to the {role}"
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        try:
            assert_accessible(page, f"{name} ({role}, {'phone' if viewport else 'desktop'})", WAIVED.get(name, ()))
        except AssertionError as problem:  # go on: one run lists every page's violations
            problems.append(str(problem))
    assert not problems, "\n".join(problems)
