import pytest
from django.test import Client

from reflex.audit.enums import AccessAction
from reflex.audit.models import AccessEntry
from tests.youths.factories import YouthFactory
from youths.models import Youth
from youths.perms import can_see_health_details, can_view_youth

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(professional, colleague):
    return {
        "referred": YouthFactory(first_name="Referred", referent=professional),
        "unassigned": YouthFactory(first_name="Unassigned"),
        "shared": YouthFactory(first_name="Shared", referent=colleague, shared=True),
        "private": YouthFactory(first_name="Private", referent=colleague),
    }


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("who", "visible"),
    [
        ("coordinator", {"referred", "unassigned", "shared", "private"}),
        ("professional", {"referred", "unassigned", "shared"}),
        ("colleague", {"unassigned", "shared", "private"}),
        ("outsider", {"unassigned", "shared"}),
        ("funder", set()),
    ],
)
def test_who_sees_which_record(request, records, programme, who, visible):
    user = request.getfixturevalue(who)
    client = client_for(user)
    for name, youth in records.items():
        status = client.get(f"/jeunes/{youth.pk}/").status_code
        assert status == (200 if name in visible else 404), (who, name)
        assert can_view_youth(user, youth) is (name in visible)
    assert {y.first_name.lower() for y in Youth.objects.visible_to(user)} == visible


def test_lists_show_only_visible_records(professional_client, records, programme):
    names = {youth.first_name for youth in professional_client.get("/jeunes/").context["page"].object_list}
    assert names == {"Referred", "Unassigned", "Shared"}


def test_funders_and_deactivated_staff_reach_no_record(funder_client, deactivated, records, programme):
    assert funder_client.get("/jeunes/").status_code == 403
    assert funder_client.get("/jeunes/nouveau/").status_code == 403
    assert funder_client.get("/jeunes/recherche/?q=Shared").status_code == 403
    assert Youth.objects.visible_to(deactivated).count() == 0


def test_others_cannot_edit_a_record_they_cannot_see(outsider_client, records, programme):
    private = records["private"]
    response = outsider_client.post(f"/jeunes/{private.pk}/modifier/", {"first_name": "Changed"})
    assert response.status_code == 404
    private.refresh_from_db()
    assert private.first_name == "Private"


def test_unknown_records_are_404(coordinator_client, programme):
    assert coordinator_client.get("/jeunes/999999/").status_code == 404


def test_every_reading_and_change_is_journaled(professional_client, professional, records, programme):
    youth = records["referred"]
    professional_client.get(f"/jeunes/{youth.pk}/")
    assert AccessEntry.objects.filter(action=AccessAction.VIEW, youth_id=youth.pk, user=professional).count() == 1
    edit = professional_client.get(f"/jeunes/{youth.pk}/modifier/")
    data = {
        "first_name": "Referred",
        "first_contact_on": "2026-03-02",
        "qualification_level": "unknown",
        "version": edit.context["form"]["version"].value(),
        "institutions-TOTAL_FORMS": "0",
        "institutions-INITIAL_FORMS": "0",
    }
    assert professional_client.post(f"/jeunes/{youth.pk}/modifier/", data).status_code == 302
    assert AccessEntry.objects.filter(action=AccessAction.CHANGE, youth_id=youth.pk).count() == 1


def test_health_details_are_for_the_referent_only(professional, colleague, coordinator, records):
    youth = records["referred"]
    assert can_see_health_details(professional, youth)
    assert not can_see_health_details(colleague, youth)
    assert not can_see_health_details(coordinator, youth)
