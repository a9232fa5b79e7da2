import pytest
from django.apps import apps
from django.core.management import call_command

from partners.enums import Role
from partners.models import Organisation, User


def row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.mark.django_db
def test_seed_demo_builds_the_consortium_and_adds_nothing_the_second_time():
    call_command("seed_demo")
    first = row_counts()
    call_command("seed_demo")
    assert row_counts() == first
    assert Organisation.objects.count() == 4
    assert User.objects.filter(role=Role.PROFESSIONAL).count() == 12
    assert User.objects.filter(role=Role.COORDINATOR, is_superuser=False).count() == 1
    assert User.objects.filter(role=Role.FUNDER).count() == 1


@pytest.mark.django_db
def test_demo_accounts_can_log_in(client):
    from reflex.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

    call_command("seed_demo")
    for email, _ in DEMO_ACCOUNTS:
        assert client.login(username=email, password=DEMO_PASSWORD), email
        client.logout()
