"""Second-factor enrolment through a one-time link (an administrator's, or the password-reset e-mail's) and recovery
with single-use backup codes: each event journaled and e-mailed to the account's owner."""

import datetime
import html
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from reflex.audit import second_factor
from reflex.audit.enums import AccessAction
from reflex.audit.models import AccessEntry, EnrolmentLink
from tests.audit.factories import TOTPDeviceFactory, current_code
from tests.audit.test_second_factor import SECOND_FACTOR, log_in
from tests.partners.factories import UserFactory

pytestmark = pytest.mark.django_db
LINK = re.compile(r"https?://\S+(/securite/double-authentification/activation/[\w-]+/)")


@pytest.fixture
def administrator(organisation, client):
    admin = UserFactory(organisation=organisation, is_staff=True, is_superuser=True, first_name="Admin")
    admin_client = type(client)()
    admin_client.force_login(admin)
    admin.client = admin_client
    return admin


def journal(action):
    return list(AccessEntry.objects.filter(action=action).values_list("user_id", "object_id"))


def link_in(message):
    return LINK.search(message.body).group(1)


def send_link(administrator, user):
    response = administrator.client.post("/admin/audit/enrolmentlink/add/", {"user": user.pk})
    assert response.status_code == 302, response.content.decode()[:2000]
    return link_in(mail.outbox[-1])


def enrol(client, next_url="/"):
    """On the set-up page: give the code of the app that scanned the QR code; returns the backup codes page."""
    client.get(SECOND_FACTOR)
    key = client.session["reflex_totp_pending_key"]
    done = client.post(SECOND_FACTOR, {"token": current_code(key), "next": next_url})
    assert done.status_code == 302 and done.url.startswith(reverse("audit:backup_codes")), done
    return client.get(done.url)


def codes_on(page):
    return [
        code.replace("-", "") for code in re.findall(r"<li class=\"col\">(\w{4}-\w{4})</li>", page.content.decode())
    ]


def test_an_administrator_sends_a_link_that_lets_a_new_coordinator_enrol_once(
    client, administrator, coordinator, programme
):
    url = send_link(administrator, coordinator)
    assert mail.outbox[-1].to == [coordinator.email]
    assert journal(AccessAction.ENROLMENT_LINK_SENT) == [(administrator.pk, coordinator.pk)]

    log_in(client, coordinator)
    assert client.get(url).url == SECOND_FACTOR  # the link is opened once signed in (the gate lets it through)
    page = enrol(client, next_url="/consortium/programme/")

    codes = codes_on(page)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert "/consortium/programme/" in page.content.decode()
    assert codes_on(client.get(reverse("audit:backup_codes"))) == []  # shown once
    assert TOTPDevice.objects.filter(user=coordinator, confirmed=True).count() == 1
    assert client.get("/").status_code == 200
    assert journal(AccessAction.FACTOR_ENROLLED) == [(coordinator.pk, None)]
    assert mail.outbox[-1].to == [coordinator.email] and "double authentification" in mail.outbox[-1].subject
    # Used: the link does not work again, even for its own account.
    assert client.get(url).status_code == 404


def test_an_enrolment_link_is_for_its_own_account_and_expires(client, administrator, coordinator, organisation):
    other = UserFactory(coordinator=True, organisation=organisation)
    url = send_link(administrator, coordinator)
    log_in(client, other)
    assert client.get(url).status_code == 404
    assert "reflex_totp_pending_key" not in client.session and client.get(SECOND_FACTOR).status_code == 200
    assert "<svg" not in client.get(SECOND_FACTOR).content.decode()

    client.logout()
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=73)):
        log_in(client, coordinator)
        response = client.get(url)
    assert response.status_code == 404
    assert "ne peut pas être utilisé" in html.unescape(response.content.decode())


def test_a_new_link_replaces_the_unused_one_and_an_administrator_cannot_send_their_own(
    client, administrator, coordinator
):
    first = send_link(administrator, coordinator)
    second = send_link(administrator, coordinator)
    log_in(client, coordinator)
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 302

    own = administrator.client.post("/admin/audit/enrolmentlink/add/", {"user": administrator.pk})
    assert own.status_code == 200 and "Un autre administrateur" in html.unescape(own.content.decode())
    assert not EnrolmentLink.objects.filter(user=administrator).exists()


def test_the_password_reset_email_carries_a_link_while_a_coordinator_has_no_device(
    client, coordinator, professional, organisation
):
    client.post(reverse("password_reset"), {"email": coordinator.email})
    url = link_in(mail.outbox[-1])
    assert journal(AccessAction.ENROLMENT_LINK_SENT) == [(None, coordinator.pk)]
    # Professionals need none; a coordinator with a device gets none.
    client.post(reverse("password_reset"), {"email": professional.email})
    assert not LINK.search(mail.outbox[-1].body)
    enrolled = UserFactory(coordinator=True, organisation=organisation)
    TOTPDeviceFactory(user=enrolled)
    client.post(reverse("password_reset"), {"email": enrolled.email})
    assert not LINK.search(mail.outbox[-1].body)

    log_in(client, coordinator)
    client.get(url)
    assert len(codes_on(enrol(client))) == 10


def test_a_coordinator_who_lost_their_phone_logs_in_with_a_backup_code_once_then_sets_up_a_new_phone(
    client, coordinator, programme
):
    old_device = TOTPDeviceFactory(user=coordinator)
    codes = second_factor.new_backup_codes(coordinator)
    log_in(client, coordinator)
    spoken = f"{codes[0][:4].upper()}-{codes[0][4:].upper()}"  # read from paper: case and dash do not matter

    response = client.post(SECOND_FACTOR, {"token": spoken, "next": "/"})

    assert response.status_code == 302 and response.url == "/"
    assert client.get("/").status_code == 200
    assert journal(AccessAction.BACKUP_CODE_USED) == [(coordinator.pk, None)]
    assert mail.outbox[-1].to == [coordinator.email] and "9 codes" in mail.outbox[-1].body
    # The same code is spent: a new login refuses it, another code works.
    log_in(client, coordinator)
    again = client.post(SECOND_FACTOR, {"token": codes[0], "next": "/"})
    assert "n'est pas valide ou a déjà été utilisé" in html.unescape(again.content.decode())
    assert client.get("/").status_code == 302
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=2)):  # after the failure's throttle delay
        assert client.post(SECOND_FACTOR, {"token": codes[1], "next": "/"}).url == "/"
    # Signed in, they set up the new phone: it replaces the lost one, with a new set of codes.
    assert "<svg" in client.get(SECOND_FACTOR + "?replace=1").content.decode()
    client.get(SECOND_FACTOR + "?replace=1")
    key = client.session["reflex_totp_pending_key"]
    done = client.post(SECOND_FACTOR, {"token": current_code(key), "replace": "1", "next": "/"})
    assert done.url.startswith(reverse("audit:backup_codes"))
    assert list(TOTPDevice.objects.filter(user=coordinator).values_list("key", flat=True)) == [key]
    assert not TOTPDevice.objects.filter(pk=old_device.pk).exists()
    assert StaticToken.objects.filter(device__user=coordinator).count() == 10
    assert not StaticToken.objects.filter(token=codes[2]).exists()


def test_new_backup_codes_replace_the_old_ones(client, coordinator, programme):
    device = TOTPDeviceFactory(user=coordinator)
    old = second_factor.new_backup_codes(coordinator)
    log_in(client, coordinator)
    client.post(SECOND_FACTOR, {"token": current_code(device), "next": "/"})
    assert "10 codes de secours" in html.unescape(client.get(SECOND_FACTOR).content.decode())

    page = client.post(reverse("audit:backup_codes_renew"), follow=True)

    new = codes_on(page)
    assert len(new) == 10 and not set(new) & set(old)
    assert journal(AccessAction.BACKUP_CODES_RENEWED) == [(coordinator.pk, None)]
    log_in(client, coordinator)
    refused = client.post(SECOND_FACTOR, {"token": old[0], "next": "/"})
    assert refused.status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=2)):  # after the failure's throttle delay
        assert client.post(SECOND_FACTOR, {"token": new[0], "next": "/"}).url == "/"


def test_a_professional_enrols_without_a_link_and_gets_backup_codes(client, professional, programme):
    log_in(client, professional)
    assert len(codes_on(enrol(client))) == 10
    assert journal(AccessAction.FACTOR_ENROLLED) == [(professional.pk, None)]


def test_the_admin_shows_neither_backup_codes_nor_authenticator_secrets(administrator, coordinator):
    device = TOTPDeviceFactory(user=coordinator)
    codes = second_factor.new_backup_codes(coordinator)
    static = StaticToken.objects.filter(token=codes[0]).get().device
    pages = [
        administrator.client.get(f"/admin/otp_static/staticdevice/{static.pk}/change/").content.decode(),
        administrator.client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/").content.decode(),
    ]
    assert all("<form" in page for page in pages)
    assert not any(code in page for code in codes for page in pages)
    assert device.key not in pages[1]


def test_without_backup_codes_an_administrators_link_replaces_the_lost_phone(client, administrator, coordinator):
    lost = TOTPDeviceFactory(user=coordinator)
    url = send_link(administrator, coordinator)
    log_in(client, coordinator)
    assert client.get("/").url.startswith(SECOND_FACTOR)  # the lost phone's code is still owed

    client.get(url)
    page = enrol(client)

    assert len(codes_on(page)) == 10
    assert not TOTPDevice.objects.filter(pk=lost.pk).exists()
    assert TOTPDevice.objects.filter(user=coordinator, confirmed=True).count() == 1
    assert client.get("/").status_code == 200
    assert EnrolmentLink.objects.get(user=coordinator).used_at is not None
