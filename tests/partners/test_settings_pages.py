from django.urls import reverse

from partners.models import Neighbourhood, Programme, User
from tests.submission_tokens import with_token


def test_coordinator_edits_the_programme_target(coordinator_client, programme):
    data = {
        "name": programme.name,
        "funder": programme.funder,
        "territory": "Nord-Isère",
        "target_youths": 210,
        "start_date": "2025-09-01",
        "end_date": "2027-08-31",
        "min_age": 16,
        "max_age": 29,
        "inactivity_threshold_days": 30,
        "caseload_target": 18,
        "reminder_text": "Rappel : RDV le {date} à {heure}, {lieu}.",
        "invisibility_threshold_days": 150,
    }
    response = coordinator_client.post(reverse("partners:programme"), data)
    assert response.status_code == 302
    assert Programme.objects.get().target_youths == 210
    assert Programme.objects.get().caseload_target == 18


def test_an_end_before_the_start_is_refused_next_to_the_field(coordinator_client, programme):
    data = {
        "name": programme.name,
        "funder": programme.funder,
        "target_youths": 190,
        "start_date": "2025-09-01",
        "end_date": "2024-01-01",
        "min_age": 16,
        "max_age": 29,
        "inactivity_threshold_days": 30,
        "invisibility_threshold_days": 150,
    }
    response = coordinator_client.post(reverse("partners:programme"), data)
    assert response.status_code == 200
    assert "date de fin" in response.content.decode()
    assert Programme.objects.get().end_date == programme.end_date  # unchanged


def test_coordinator_adds_a_neighbourhood(coordinator_client):
    response = coordinator_client.post(
        reverse("partners:neighbourhood_create"),
        with_token(
            {
                "name": "Champ-Fleuri",
                "town": "Bourgoin-Jallieu",
                "kind": "qpv",
                "official_code": "QN03801M",
                "is_active": "on",
            }
        ),
    )
    assert response.status_code == 302
    assert Neighbourhood.objects.filter(name="Champ-Fleuri", kind="qpv").exists()


def test_coordinator_creates_an_account_and_the_person_gets_an_email(coordinator_client, organisation, mailoutbox):
    response = coordinator_client.post(
        reverse("partners:staff_create"),
        with_token(
            {
                "first_name": "Léa",
                "last_name": "Fontaine",
                "email": "Lea.Fontaine@example.org",
                "organisation": organisation.pk,
                "role": "professional",
                "is_active": "on",
            }
        ),
    )
    assert response.status_code == 302
    user = User.objects.get(email="lea.fontaine@example.org")
    assert user.role == "professional"
    assert len(mailoutbox) == 1
    assert "/compte/reset/" in mailoutbox[0].body


def test_consortium_settings_lead_to_the_access_journal(coordinator_client, programme):
    content = coordinator_client.get(reverse("partners:programme")).content.decode()
    assert reverse("audit:journal") in content
    assert "Journal" in content
