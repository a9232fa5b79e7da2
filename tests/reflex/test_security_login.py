"""Login protection: lockout after failures, password rules (CNIL 2022-100), idle sessions, deactivation."""

import html

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.partners.factories import TEST_PASSWORD

LOGIN = reverse("login")


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True


def fail(client, user, times):
    for _ in range(times):
        client.post(LOGIN, {"username": user.email, "password": "wrong-password"})


def test_an_account_is_locked_after_five_failures_with_a_french_message(client, professional, axes_on):
    fail(client, professional, 4)
    assert client.post(LOGIN, {"username": professional.email, "password": TEST_PASSWORD}).status_code == 302
    client.logout()  # a success resets the counter
    fail(client, professional, 5)
    response = client.post(LOGIN, {"username": professional.email, "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()
    assert "15 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_holds_for_one_account_and_one_address(client, professional, colleague, axes_on):
    fail(client, professional, 5)
    assert client.post(LOGIN, {"username": colleague.email, "password": TEST_PASSWORD}).status_code == 302
    elsewhere = Client(REMOTE_ADDR="192.0.2.9")
    assert elsewhere.post(LOGIN, {"username": professional.email, "password": TEST_PASSWORD}).status_code == 302


def test_a_coordinator_sees_and_unlocks_a_locked_account(client, professional, coordinator_client, axes_on):
    fail(client, professional, 5)
    page = coordinator_client.get(reverse("audit:lockouts"))
    assert professional.email in page.content.decode()
    response = coordinator_client.post(reverse("audit:unlock"), {"username": professional.email}, follow=True)
    assert "Le compte peut de nouveau se connecter" in response.content.decode()
    assert professional.email not in response.content.decode()
    assert client.post(LOGIN, {"username": professional.email, "password": TEST_PASSWORD}).status_code == 302


def test_professionals_cannot_unlock_accounts(professional_client):
    assert professional_client.get(reverse("audit:lockouts")).status_code == 403
    assert professional_client.post(reverse("audit:unlock"), {"username": "x@example.org"}).status_code == 403


@pytest.mark.parametrize(
    "password",
    [
        "Abcdefgh1!xy",  # 12 characters, four kinds
        "abcdefgh12345x",  # 14 characters, but only two kinds… see below
        "lundi-velo-pluie-cafe",  # a passphrase of 21 characters
        "Tremplin2026Isere",  # 17 characters, three kinds
    ],
)
def test_cnil_strong_passwords_are_accepted(password):
    if password == "abcdefgh12345x":
        with pytest.raises(ValidationError):
            validate_password(password)
        return
    validate_password(password)


@pytest.mark.parametrize(
    "password",
    ["Abc1!", "abcdefghijkl", "Abcdefghijk1", "Aa1!Aa1!Aa1!Aa1!", "password1234", "123456789012345"],
)
def test_weak_passwords_are_refused_in_french(password):
    with pytest.raises(ValidationError) as error:
        validate_password(password)
    assert error.value.messages


def test_the_password_change_page_explains_the_rule_in_french(professional_client):
    response = professional_client.post(
        reverse("password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": "abcdefghijkl", "new_password2": "abcdefghijkl"},
    )
    assert response.status_code == 200
    assert "phrase de passe d'au moins 20 caractères" in html.unescape(response.content.decode())


def test_passwords_never_expire():
    assert not any("expir" in v["NAME"].lower() for v in settings.AUTH_PASSWORD_VALIDATORS)


def test_sessions_end_after_thirty_idle_minutes_and_at_browser_close(professional, client, programme):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    client.post(LOGIN, {"username": professional.email, "password": TEST_PASSWORD})
    response = client.get("/")
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["max-age"] and not cookie["expires"]  # a browser-session cookie
    session = Session.objects.get(session_key=client.session.session_key)
    remaining = (session.expire_date - timezone.now()).total_seconds()
    assert 29 * 60 < remaining <= 30 * 60  # each request pushes the end 30 minutes ahead
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
    assert client.get("/").url.startswith(LOGIN)


def test_deactivating_a_user_ends_all_their_sessions_at_once(professional, colleague, coordinator_client, programme):
    browsers = [Client(), Client()]
    for browser in browsers:
        browser.post(LOGIN, {"username": professional.email, "password": TEST_PASSWORD})
        assert browser.get("/").status_code == 200
    other = Client()
    other.post(LOGIN, {"username": colleague.email, "password": TEST_PASSWORD})

    response = coordinator_client.post(
        reverse("partners:staff_edit", args=[professional.pk]),
        {
            "first_name": professional.first_name,
            "last_name": professional.last_name,
            "email": professional.email,
            "organisation": professional.organisation_id,
            "role": professional.role,
            "job_title": "",
            # is_active left out: unticked
        },
    )
    assert response.status_code == 302
    for browser in browsers:
        assert not Session.objects.filter(session_key=browser.session.session_key).exists()
        assert browser.get("/").url.startswith(LOGIN)
    assert other.get("/").status_code == 200


def _variants(email):
    local, domain = email.split("@")
    fullwidth = "".join(chr(ord(char) + 0xFEE0) if "!" <= char <= "~" else char for char in local)
    return [email.upper(), email.title(), f"  {email} ", f"\t{email.capitalize()}\n", f"{fullwidth}@{domain}"]


def test_the_login_accepts_each_variant_of_the_e_mail(client, professional):
    """The premise: each variant logs in, so each must count against the same account."""
    for variant in _variants(professional.email):
        assert client.post(LOGIN, {"username": variant, "password": TEST_PASSWORD}).status_code == 302, variant
        client.logout()


@pytest.mark.parametrize("index", range(5))
def test_variants_of_the_e_mail_share_one_counter(client, professional, axes_on, index):
    variants = _variants(professional.email)
    attempts = [professional.email, *variants][:5]  # five failures spread over the variants
    for username in attempts:
        client.post(LOGIN, {"username": username, "password": "wrong-password"})
    response = client.post(LOGIN, {"username": variants[index], "password": TEST_PASSWORD})
    assert response.status_code == 429, variants[index]
    assert "_auth_user_id" not in client.session


def test_a_coordinator_unlocks_whatever_variant_was_typed(client, professional, coordinator_client, axes_on):
    for _ in range(5):
        client.post(LOGIN, {"username": f" {professional.email.upper()}", "password": "wrong-password"})
    coordinator_client.post(reverse("audit:unlock"), {"username": professional.email.title()})
    assert client.post(LOGIN, {"username": professional.email, "password": TEST_PASSWORD}).status_code == 302


def test_look_alikes_of_other_scripts_are_another_identity(client, professional, colleague, axes_on):
    """A Cyrillic "а" is not the account's e-mail: the login refuses it, and it does not lock the real one."""
    look_alike = (
        professional.email.replace("a", "\u0430", 1) if "a" in professional.email else "\u0430" + professional.email
    )
    for _ in range(5):
        client.post(LOGIN, {"username": look_alike, "password": TEST_PASSWORD})
    assert client.post(LOGIN, {"username": professional.email, "password": TEST_PASSWORD}).status_code == 302
