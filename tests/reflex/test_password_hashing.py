"""Passwords are hashed with Argon2id; an older PBKDF2 hash is rewritten as Argon2 at its owner's next login.

The rest of the suite uses a fast hasher (settings.py, TESTING); these tests put the production list back.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.urls import reverse

from reflex import settings as project_settings
from tests.partners.factories import TEST_PASSWORD


@pytest.fixture
def production_hashers(settings):
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS


PRODUCTION_HASHERS = [
    "reflex.audit.passwords.ReflexArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]


def test_the_production_list_puts_argon2_first():
    source = Path(project_settings.__file__).read_text(encoding="utf-8")
    for hasher in PRODUCTION_HASHERS:
        assert f'"{hasher}"' in source
    assert settings.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]  # the tests' fast one


def test_a_pbkdf2_hash_becomes_argon2_at_the_next_login(client, professional, programme, production_hashers):
    professional.password = make_password(TEST_PASSWORD, hasher="pbkdf2_sha256")
    professional.save(update_fields=["password"])
    response = client.post(reverse("login"), {"username": professional.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    professional.refresh_from_db()
    assert professional.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    client.logout()
    again = client.post(reverse("login"), {"username": professional.email, "password": TEST_PASSWORD})
    assert again.status_code == 302


def test_new_passwords_are_argon2(production_hashers):
    assert make_password("une phrase de passe assez longue").startswith("argon2$argon2id$")
