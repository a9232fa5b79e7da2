"""The accessibility statement: public, linked from every page, generated from docs/accessibility.toml."""

import ast
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from reflex.accessibility import statement

ROOT = Path(settings.BASE_DIR)


def test_anyone_can_read_the_statement_and_it_lists_the_checklist(client, settings, db):
    settings.ACCESSIBILITY_CONTACT = "accessibilite@consortium.example"
    response = client.get(reverse("accessibility"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1" in page and "Déclaration d" in page
    assert "partiellement conforme" in page
    published = statement()
    assert published.automatic and published.manual and published.exceptions
    for item in published.automatic + published.manual:
        assert item["title"].replace("'", "&#x27;") in page, item["title"]
    for item in published.exceptions:
        assert item["title"].replace("'", "&#x27;") in page, item["title"]
    assert 'href="mailto:accessibilite@consortium.example?subject=' in page


def test_every_page_links_to_the_statement_in_its_footer(client, db, professional_client, programme):
    link = f'href="{reverse("accessibility")}"'
    assert link in client.get(reverse("login")).content.decode()
    assert link in professional_client.get(reverse("youths:list")).content.decode()


def _test_functions(path):
    tree = ast.parse((ROOT / path).read_text())
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}


def test_each_criterion_said_to_be_checked_automatically_names_a_test_that_exists():
    """The statement says no more than the suite measures: a renamed or removed test fails here, with its name."""
    for item in statement().automatic:
        path, _, name = item["test"].partition("::")
        assert (ROOT / path).exists(), item["test"]
        assert name in _test_functions(path), item["test"]


def test_a_criterion_checked_by_hand_says_how_and_whether_it_was():
    for item in statement().manual:
        assert item["how"] and "checked" in item, item["title"]
