"""Coordinators manage the consortium's staff, never an administrator's account, never beyond their own role; every
change of access is journaled and e-mailed to the person."""

import pytest
from django.urls import reverse
from django.utils import translation

from partners.enums import Role
from partners.models import User
from reflex.audit.models import StaffAccountEvent
from reflex.typography import french_spacing as fr
from tests.partners.factories import UserFactory

pytestmark = pytest.mark.django_db


def staff_data(member, **changes):
    data = {
        "first_name": member.first_name,
        "last_name": member.last_name,
        "email": member.email,
        "organisation": member.organisation_id or "",
        "role": member.role,
        "job_title": member.job_title,
        "is_active": "on" if member.is_active else "",
    }
    return {**data, **changes}


@pytest.fixture
def superuser(organisation):
    return User.objects.create_superuser(
        "root@example.org", "x", first_name="Admin", last_name="RéFLEX", organisation=organisation
    )


@pytest.fixture
def administrators(superuser, organisation):
    return {
        "superuser": superuser,
        "admin site": UserFactory(organisation=organisation, is_staff=True),
        "data-protection officer": UserFactory(organisation=organisation, is_data_protection_officer=True),
    }


@pytest.mark.parametrize("kind", ["superuser", "admin site", "data-protection officer"])
def test_a_coordinator_cannot_touch_an_administrators_account(coordinator_client, administrators, kind, mailoutbox):
    member = administrators[kind]
    url = reverse("partners:staff_edit", args=[member.pk])
    assert coordinator_client.get(url).status_code == 403
    response = coordinator_client.post(url, staff_data(member, email="attacker@example.org", role="funder"))
    assert response.status_code == 403
    member.refresh_from_db()
    assert member.email != "attacker@example.org"
    # Even if it were changed, no reset link could be sent from that request: nothing was.
    assert mailoutbox == []
    page = coordinator_client.get(reverse("partners:staff")).content.decode()
    assert url not in page and "géré dans l'administration" in page


def test_a_superuser_manages_them(administrators, superuser):
    from django.test import Client

    client = Client()
    client.force_login(superuser)
    member = administrators["admin site"]
    url = reverse("partners:staff_edit", args=[member.pk])
    assert client.post(url, staff_data(member, job_title="Support")).status_code == 302


def test_no_role_above_ones_own_is_offered_or_accepted(coordinator):
    from partners.forms import StaffForm

    professional = UserFactory()
    form = StaffForm(by=professional)  # should a professional ever reach the form
    assert [value for value, _label in form.fields["role"].choices] == [Role.PROFESSIONAL, Role.FUNDER]
    form = StaffForm(staff_data(professional, role="coordinator"), instance=professional, by=professional)
    assert not form.is_valid() and form.errors["role"] == ["Vous ne pouvez pas donner ce rôle."]
    assert {value for value, _label in StaffForm(by=coordinator).fields["role"].choices} == set(Role)


def test_professionals_reach_no_staff_page(professional_client, colleague):
    url = reverse("partners:staff_edit", args=[colleague.pk])
    assert professional_client.post(url, staff_data(colleague, role="coordinator")).status_code == 403
    colleague.refresh_from_db()
    assert colleague.role == Role.PROFESSIONAL


def test_a_role_change_is_journaled_and_e_mailed_to_the_person(coordinator_client, coordinator, colleague, mailoutbox):
    url = reverse("partners:staff_edit", args=[colleague.pk])
    assert coordinator_client.post(url, staff_data(colleague, role="coordinator")).status_code == 302
    colleague.refresh_from_db()
    assert colleague.role == Role.COORDINATOR
    event = StaffAccountEvent.objects.filter(pgh_obj_id=colleague.pk, pgh_label="update").latest("pgh_id")
    assert event.role == Role.COORDINATOR and event.pgh_context.metadata["user"] == coordinator.pk
    (mail,) = mailoutbox
    assert mail.to == [colleague.email]
    with translation.override("fr"):
        assert fr(f"Rôle : {Role.PROFESSIONAL.label} → {Role.COORDINATOR.label}") in mail.body
    assert coordinator.get_full_name() in mail.body


def test_a_change_of_e_mail_is_told_to_the_former_address(coordinator_client, colleague, mailoutbox):
    former = colleague.email
    url = reverse("partners:staff_edit", args=[colleague.pk])
    coordinator_client.post(url, staff_data(colleague, email="nouvelle@example.org"))
    assert sorted(address for mail in mailoutbox for address in mail.to) == sorted([former, "nouvelle@example.org"])
    assert all(former in mail.body and "nouvelle@example.org" in mail.body for mail in mailoutbox)


def test_saving_without_a_change_of_access_sends_nothing(coordinator_client, colleague, mailoutbox):
    url = reverse("partners:staff_edit", args=[colleague.pk])
    assert coordinator_client.post(url, staff_data(colleague, job_title="Conseillère")).status_code == 302
    assert mailoutbox == []


def test_in_the_admin_only_a_superuser_changes_what_gives_an_account_its_reach(rf, organisation, superuser):
    from django.contrib.admin.sites import site

    from partners.models import User as Account

    model_admin = site._registry[Account]
    staff = UserFactory(organisation=organisation, is_staff=True)
    request = rf.get("/admin/")
    request.user = staff
    assert {"is_superuser", "is_staff", "is_data_protection_officer", "user_permissions"} <= set(
        model_admin.get_readonly_fields(request, staff)
    )
    request.user = superuser
    assert "is_superuser" not in model_admin.get_readonly_fields(request, staff)
