"""The permission matrix: every URL pattern × every kind of user, asserting the family of answer.

New URLs of any app are covered automatically (tests/url_walk.py walks the URL configuration). Placeholder ids
(1, "x") mostly point at nothing, so record pages answer 404 here; the apps' own tests check their records with
real rows (referent, colleague, outsider). What this matrix pins, for every page:
- never a 500, whoever asks;
- anonymous visitors and deactivated accounts are sent to the login page (public pages excepted);
- funders get 403/404 everywhere except the reports and their own account pages;
- professionals get 403 on the coordinator's pages (consortium settings, security pages);
- signed-in staff are never sent back to the login page.
"""

import pytest
from django.test import Client
from django.urls import reverse

from tests.reflex.test_access import PUBLIC_URL_NAMES
from tests.url_walk import all_urls

# Pages of one's own account, open to every signed-in person (funders included).
ACCOUNT_URL_NAMES = {
    "home",
    "logout",
    "password_change",
    "password_change_done",
    "set_language",
    "audit:second_factor",
    "audit:enrol",
    "audit:backup_codes",
    "audit:backup_codes_renew",
}
FUNDER_NAMESPACES = {"reports"}
COORDINATOR_ONLY_NAMESPACES = {"partners"}
COORDINATOR_ONLY_URL_NAMES = {"audit:journal", "audit:lockouts", "audit:unlock", "privacy:history", "privacy:erase"}
REFUSED = {403, 404, 405}


def url_name(namespace, pattern):
    name = pattern.name or str(pattern.pattern)
    return f"{namespace}:{name}" if namespace else name


URLS = [(url_name(namespace, pattern), namespace, url) for namespace, url, pattern in all_urls()]
IDS = [url for _, _, url in URLS]


@pytest.fixture
def people(coordinator, professional, funder, deactivated, programme):
    clients = {"anonymous": Client()}
    for kind, user in [
        ("coordinator", coordinator),
        ("professional", professional),
        ("funder", funder),
        ("deactivated", deactivated),
    ]:
        clients[kind] = Client()
        clients[kind].force_login(user)
    return clients


def is_public(name):
    return name in PUBLIC_URL_NAMES and name not in ACCOUNT_URL_NAMES - {"logout", "set_language"}


def sent_to_login(response):
    return response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize(("name", "namespace", "url"), URLS, ids=IDS)
def test_every_page_answers_each_kind_of_user_as_expected(people, name, namespace, url):
    answers = {kind: client.get(url) for kind, client in people.items()}
    for kind, response in answers.items():
        assert response.status_code < 500, f"{kind} got {response.status_code} on {url}"

    if not is_public(name):
        assert sent_to_login(answers["anonymous"]), url
        assert sent_to_login(answers["deactivated"]), url
        for kind in ["coordinator", "professional", "funder"]:
            assert not sent_to_login(answers[kind]), f"{kind} sent to login by {url}"

    if namespace not in FUNDER_NAMESPACES and name not in ACCOUNT_URL_NAMES and not is_public(name):
        assert answers["funder"].status_code in REFUSED, f"funder got {answers['funder'].status_code} on {url}"

    if namespace in COORDINATOR_ONLY_NAMESPACES or name in COORDINATOR_ONLY_URL_NAMES:
        assert answers["professional"].status_code in REFUSED, url
        assert answers["coordinator"].status_code not in {403}, url


def test_the_matrix_covers_every_app():
    for prefix in ["/jeunes/", "/aller-vers/", "/accompagnement/", "/rapports/", "/consortium/", "/securite/"]:
        assert any(url.startswith(prefix) for url in IDS), prefix
