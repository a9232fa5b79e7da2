"""The accessibility tour leaves no page out: every named URL is built by it or excluded with a reason.

Fast (no browser): a new URL added without a place in tests/browser/tour_pages.py fails here with its name, before
the tour itself (tests/browser/test_accessibility_tour.py) would walk past it.
"""

from tests.browser.tour_pages import ARGUMENTS, EXCLUDED, url_names
from tests.url_walk import all_urls


def test_every_named_url_is_in_the_tour_or_excluded_with_a_reason():
    needs_arguments = set()
    for namespace, _url, pattern in all_urls():
        name = f"{namespace}:{pattern.name}" if namespace else pattern.name
        if pattern.name and pattern.pattern.regex.groups:
            needs_arguments.add(name)
    unbuilt = sorted(needs_arguments - ARGUMENTS.keys() - EXCLUDED.keys())
    assert not unbuilt, f"pages the tour cannot build: add them to ARGUMENTS or EXCLUDED in tour_pages.py: {unbuilt}"
    assert all(reason.strip() for reason in EXCLUDED.values())


def test_the_tour_names_no_page_that_is_gone():
    names = url_names()
    stale = sorted((ARGUMENTS.keys() | EXCLUDED.keys()) - names)
    assert not stale, f"no such URL any more: {stale}"
    assert not ARGUMENTS.keys() & EXCLUDED.keys()
