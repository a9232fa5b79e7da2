from django.urls import reverse

from tests.partners.factories import TEST_PASSWORD


def test_staff_log_in_with_their_email(client, professional, programme):
    response = client.post(reverse("login"), {"username": professional.email.upper(), "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_a_wrong_password_is_refused_in_french_without_revealing_the_account(client, professional):
    wrong_password = client.post(reverse("login"), {"username": professional.email, "password": "nope"})
    unknown_account = client.post(reverse("login"), {"username": "nobody@example.org", "password": "nope"})
    assert wrong_password.status_code == unknown_account.status_code == 200
    assert "Saisissez" in wrong_password.content.decode()
    assert wrong_password.context["form"].errors == unknown_account.context["form"].errors


def test_a_deactivated_user_cannot_log_in(client, deactivated):
    response = client.post(reverse("login"), {"username": deactivated.email, "password": TEST_PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_an_email_in_french(client, professional, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": professional.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "mot de passe" in mailoutbox[0].subject
