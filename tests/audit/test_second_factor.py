import html

from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from reflex.audit import second_factor
from tests.audit.factories import TOTPDeviceFactory, current_code
from tests.partners.factories import TEST_PASSWORD, UserFactory

SECOND_FACTOR = reverse("audit:second_factor")


def log_in(client, user):
    response = client.post(reverse("login"), {"username": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def test_a_coordinator_without_device_cannot_reach_any_page_nor_enrol_without_a_link(client, coordinator, programme):
    """No trust on first use: the password alone does not let a coordinator set up the app."""
    log_in(client, coordinator)
    for url in ["/", "/consortium/programme/", reverse("audit:journal"), "/admin/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(SECOND_FACTOR), url
    page = client.get(SECOND_FACTOR + "?next=/consortium/programme/")
    content = html.unescape(page.content.decode())
    assert "Votre compte doit avoir une double authentification" in content
    assert "<svg" not in content and "reflex_totp_pending_key" not in client.session
    client.post(SECOND_FACTOR, {"token": "123456", "next": "/"})
    assert not TOTPDevice.objects.exists()
    assert client.get("/").status_code == 302


def test_an_enrolled_coordinator_gives_the_code_after_the_password(client, coordinator, programme):
    device = TOTPDeviceFactory(user=coordinator)
    log_in(client, coordinator)
    assert client.get("/").url.startswith(SECOND_FACTOR)
    session_before = client.session.session_key
    bad = client.post(SECOND_FACTOR, {"token": "000000", "next": "/"})
    assert "Ce code n'est pas valide" in html.unescape(bad.content.decode())
    assert client.get("/").status_code == 302
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    ok = client.post(SECOND_FACTOR, {"token": current_code(device), "next": "/"})
    assert ok.status_code == 302 and ok.url == "/"
    assert client.session.session_key != session_before  # a fresh session key once verified
    assert client.get("/").status_code == 200


def test_the_next_address_cannot_lead_to_another_site(client, coordinator):
    device = TOTPDeviceFactory(user=coordinator)
    log_in(client, coordinator)
    response = client.post(SECOND_FACTOR, {"token": current_code(device), "next": "https://evil.example/"})
    assert response.url == "/"


def test_a_new_login_asks_for_the_code_again(client, coordinator, programme):
    device = TOTPDeviceFactory(user=coordinator)
    log_in(client, coordinator)
    client.post(SECOND_FACTOR, {"token": current_code(device), "next": "/"})
    assert client.get("/").status_code == 200
    log_in(client, coordinator)
    assert client.get("/").url.startswith(SECOND_FACTOR)


def test_administrators_owe_the_second_factor_too(client, organisation):
    admin = UserFactory(organisation=organisation, is_staff=True, is_superuser=True)
    log_in(client, admin)
    assert client.get("/admin/").url.startswith(SECOND_FACTOR)


def test_professionals_and_funders_are_not_forced(client, professional, funder, programme):
    log_in(client, professional)
    assert client.get("/").status_code == 200
    client.logout()
    log_in(client, funder)
    assert client.get("/rapports/").status_code == 200


def test_a_professional_may_enrol_and_is_then_asked_each_time(client, professional, programme):
    log_in(client, professional)
    client.get(SECOND_FACTOR)
    key = client.session["reflex_totp_pending_key"]
    client.post(SECOND_FACTOR, {"token": current_code(key), "next": "/"})
    assert TOTPDevice.objects.filter(user=professional, confirmed=True).exists()
    assert "Double authentification active" in client.get(SECOND_FACTOR).content.decode()
    client.logout()
    log_in(client, professional)
    assert client.get("/").url.startswith(SECOND_FACTOR)


def test_logout_and_language_stay_reachable_before_the_code(client, coordinator):
    log_in(client, coordinator)
    assert client.post(reverse("set_language"), {"language": "en", "next": SECOND_FACTOR}).status_code == 302
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_htmx_requests_are_redirected_by_htmx(client, coordinator, programme):
    log_in(client, coordinator)
    response = client.get("/", headers={"HX-Request": "true"})
    assert response.headers["HX-Redirect"].startswith(SECOND_FACTOR)


def test_test_client_logins_are_outside_any_request_and_pass(coordinator_client, programme):
    """force_login() opens the session without an HTTP request: what lets other apps' tests run unchanged."""
    assert coordinator_client.session[second_factor.SESSION_KEY] == second_factor.OUTSIDE_REQUEST
    assert coordinator_client.get("/").status_code == 200
