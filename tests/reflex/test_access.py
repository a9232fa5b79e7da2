import pytest
from django.urls import reverse

from tests.url_walk import all_urls

PUBLIC_URL_NAMES = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "set_language",
    "accessibility",  # the accessibility statement: anyone may read it and report a barrier
    "outreach:feed",
    # The field screen's service worker and web app manifest: browsers fetch them without a session; no data.
    "outreach:field_sw",
    "outreach:field_manifest",
    # The form a QR code poster leads to: young people have no account (outreach/self_registration.py).
    "outreach:self_register",
    "accompaniment:appointment_feed",  # behind a secret token: calendar apps cannot log in
}


def is_public(pattern):
    """Views opt out of LoginRequiredMiddleware with @login_not_required, which sets login_required = False."""
    return getattr(pattern.callback, "login_required", True) is False


def private_urls():
    return [url for _, url, pattern in all_urls() if not is_public(pattern)]


def test_only_the_expected_views_are_public():
    public = {
        f"{namespace}:{pattern.name}" if namespace else pattern.name
        for namespace, _, pattern in all_urls()
        if is_public(pattern)
    }
    assert public == PUBLIC_URL_NAMES


def test_the_url_walk_sees_every_app():
    urls = private_urls()
    for prefix in ["/jeunes/", "/aller-vers/", "/accompagnement/", "/rapports/", "/consortium/"]:
        assert any(url.startswith(prefix) for url in urls), prefix


@pytest.mark.django_db
@pytest.mark.parametrize("url", private_urls())
def test_anonymous_requests_are_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


STAFF_ONLY_URLS = [
    "/",
    "/jeunes/",
    "/aller-vers/",
    "/accompagnement/",
    "/consortium/programme/",
    "/consortium/quartiers/",
    "/consortium/equipe/",
]


@pytest.mark.parametrize("url", STAFF_ONLY_URLS[1:])
def test_a_funder_cannot_reach_staff_pages(funder_client, programme, url):
    assert funder_client.get(url).status_code in (403, 404)


def test_a_funder_lands_on_the_reports(funder_client):
    response = funder_client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("reports:index")


@pytest.mark.parametrize("url", ["/consortium/programme/", "/consortium/quartiers/", "/consortium/equipe/"])
def test_only_coordinators_manage_the_consortium(professional_client, coordinator_client, programme, url):
    assert professional_client.get(url).status_code == 403
    assert coordinator_client.get(url).status_code == 200


def test_the_403_page_is_in_french(professional_client, programme):
    response = professional_client.get("/consortium/programme/")
    assert "Accès refusé" in response.content.decode()
