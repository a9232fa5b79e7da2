"""Subject-access export (JSON and PDF) for coordinators and the referent; the privacy page; the erasure request."""

import json

import pytest
from django.urls import reverse

from reflex.audit.enums import AccessAction
from reflex.audit.journal import record_access
from reflex.audit.models import AccessEntry
from tests.youths.factories import YouthFactory

pytestmark = pytest.mark.django_db


def test_the_referent_downloads_everything_held_as_json(professional_client, professional, coordinator, youth):
    record_access(coordinator, AccessAction.VIEW, youth=youth)
    response = professional_client.get(reverse("privacy:export_json", args=[youth.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"] == f'attachment; filename="reflex-jeune-{youth.pk}.json"'
    data = json.loads(response.content)
    record = data["record"][0]
    assert (record["first_name"], record["last_name"], record["phone"]) == ("Yasmine", "Benaïssa", "06 11 22 33 44")
    assert record["birth_date"] == "2008-11-20" and record["sex"] == "Femme"
    assert record["notes"].startswith("Vit chez sa tante")
    assert [i["institution"] for i in data["institutions"]] == ["CAF"]
    assert len(data["outreach_contacts"]) == 1 and data["outreach_contacts"][0]["place"]
    assert len(data["online_outreach"]) == 1
    assert {f["summary"] for f in data["follow_ups"]} == {
        "Yasmine cherche un CAP coiffure",
        "Situation familiale difficile",  # confidential notes too: the export is for the young person
    }
    assert {b["notes"] for b in data["barriers"]} == {
        "Pas de permis, scooter de Karim",
        "Suivi au CMP de Villefontaine",
    }
    assert data["actions"][0]["title"] == "RDV auto-école Yasmine"
    assert data["exits"][0]["outcome"] == "Formation qualifiante"
    assert len(data["exit_checks"]) == 2 and len(data["collective_actions"]) == 1
    assert data["pathways"][0]["referent"].startswith(professional.get_full_name())
    assert any(r["reason"] == "Yasmine préfère une conseillère" for r in data["referent_changes"])
    assert [(e["action"], e["user"].split(" (")[0]) for e in data["access_journal"]] == [
        ("Consulté", coordinator.get_full_name())
    ]
    assert data["change_history"]
    assert AccessEntry.objects.filter(action=AccessAction.EXPORT, youth_id=youth.pk, user=professional).exists()


def test_the_data_protection_officer_downloads_the_pdf(dpo_client, data_protection_officer, youth):
    response = dpo_client.get(reverse("privacy:export_pdf", args=[youth.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == f'attachment; filename="reflex-jeune-{youth.pk}.pdf"'
    assert AccessEntry.objects.filter(
        action=AccessAction.PDF, youth_id=youth.pk, user=data_protection_officer
    ).exists()


def test_a_coordinator_never_gets_the_export_but_sees_who_produces_it(
    coordinator_client, data_protection_officer, professional, youth
):
    for name in ("export_json", "export_pdf"):
        assert coordinator_client.get(reverse(f"privacy:{name}", args=[youth.pk])).status_code == 403
    page = coordinator_client.get(reverse("privacy:youth", args=[youth.pk])).content.decode()
    assert "Télécharger le JSON" not in page
    assert professional.get_full_name() in page and data_protection_officer.get_full_name() in page
    assert not AccessEntry.objects.filter(action__in=[AccessAction.EXPORT, AccessAction.PDF]).exists()


def test_an_account_not_named_data_protection_officer_does_not_become_one_by_its_role(coordinator, youth):
    from reflex.privacy.perms import can_export_subject_data

    coordinator.is_superuser = coordinator.is_staff = True
    assert not can_export_subject_data(coordinator, youth)
    coordinator.is_data_protection_officer = True
    assert can_export_subject_data(coordinator, youth)


def test_the_pdf_holds_the_data_in_french(coordinator, youth):
    from reflex.privacy import subject_access

    _data, sections = subject_access.build(youth)
    titles = [section.title for section in sections]
    assert titles[:3] == ["Fiche du jeune", "Fiches fusionnées dans celle-ci", "Institutions"]
    record = dict(sections[0].display[0])
    assert record["Prénom"] == "Yasmine" and record["Date de naissance"] == "20/11/2008"


def test_outsiders_and_funders_get_404_colleagues_who_are_not_the_referent_403(
    outsider_client, funder_client, colleague, youth
):
    from django.test import Client

    for name in ("export_json", "export_pdf", "youth"):
        url = reverse(f"privacy:{name}", args=[youth.pk])
        assert outsider_client.get(url).status_code == 404  # not shared with the consortium: they may not know it
        assert funder_client.get(url).status_code == 404
    youth.shares_with_consortium = True
    youth.save()
    colleague_client = Client()
    colleague_client.force_login(colleague)
    assert colleague_client.get(reverse("privacy:export_json", args=[youth.pk])).status_code == 403
    assert not AccessEntry.objects.filter(action__in=[AccessAction.EXPORT, AccessAction.PDF]).exists()


def test_the_export_runs_a_fixed_number_of_queries(dpo_client, youth, django_assert_max_num_queries):
    # 35: one query per section of the export (orientations; appointments, to-dos and reminders), none per row.
    with django_assert_max_num_queries(35):
        response = dpo_client.get(reverse("privacy:export_json", args=[youth.pk]))
    assert response.status_code == 200


def test_the_export_holds_the_appointments_to_dos_and_reminder_choice(dpo_client, youth, professional):
    from accompaniment.models import ReminderConsent
    from tests.accompaniment.factories import AppointmentFactory, TodoFactory

    AppointmentFactory(youth=youth, staff=professional, place="Bureau 3")
    TodoFactory(youth=youth, owner=professional, title="Dossier CAF")
    ReminderConsent.objects.create(youth=youth, channel="sms")
    data = dpo_client.get(reverse("privacy:export_json", args=[youth.pk])).json()
    assert [row["place"] for row in data["appointments"]] == ["Bureau 3"]
    assert [row["title"] for row in data["todos"]] == ["Dossier CAF"]
    assert [row["channel"] for row in data["reminder_consent"]] == ["SMS"]


def test_the_privacy_page_offers_what_each_may_do(professional_client, coordinator_client, youth):
    url = reverse("privacy:youth", args=[youth.pk])
    referent_page = professional_client.get(url).content.decode()
    assert "Télécharger le PDF" in referent_page and "Télécharger le JSON" in referent_page
    assert "Voir l'historique" not in referent_page and "Effacer les données" not in referent_page
    coordinator_page = coordinator_client.get(url).content.decode()
    assert "Voir l'historique des modifications" in coordinator_page
    assert "Effacer les données de ce jeune" in coordinator_page


def test_an_erasure_asks_for_confirmation_then_anonymises(coordinator_client, coordinator, youth):
    url = reverse("privacy:erase", args=[youth.pk])
    assert coordinator_client.get(url).status_code == 200

    response = coordinator_client.post(url, {})
    assert response.status_code == 200
    assert response.context["form"].errors["confirm"] == ["Cochez la case pour confirmer l'effacement."]
    assert "Cochez la case pour confirmer l" in response.content.decode()
    youth.refresh_from_db()
    assert youth.anonymised_at is None and youth.first_name == "Yasmine"

    response = coordinator_client.post(url, {"confirm": "on"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("youths:detail", args=[youth.pk])
    assert "Les données du jeune ont été effacées" in response.content.decode()
    youth.refresh_from_db()
    assert youth.anonymised_at is not None and youth.first_name == "" and youth.nickname == f"Anonyme {youth.pk}"
    assert AccessEntry.objects.filter(action=AccessAction.ANONYMISE, youth_id=youth.pk, user=coordinator).count() == 1

    response = coordinator_client.post(url, {"confirm": "on"}, follow=True)
    assert "Cette fiche est déjà anonymisée." in response.content.decode()


def test_only_coordinators_erase(professional_client, funder_client, youth):
    url = reverse("privacy:erase", args=[youth.pk])
    assert professional_client.post(url, {"confirm": "on"}).status_code == 403  # even the referent
    assert funder_client.post(url, {"confirm": "on"}).status_code == 403
    youth.refresh_from_db()
    assert youth.anonymised_at is None


def test_a_young_person_with_nothing_but_a_record_exports_too(dpo_client, programme):
    youth = YouthFactory(partial=True)
    data = json.loads(dpo_client.get(reverse("privacy:export_json", args=[youth.pk])).content)
    assert data["record"][0]["nickname"] == "Zizou" and data["follow_ups"] == [] and data["pathways"] == []


def test_the_record_page_links_to_personal_data_for_coordinators_and_the_referent(
    coordinator_client, professional_client, colleague, youth
):
    from django.test import Client

    link = reverse("privacy:youth", args=[youth.pk])
    detail = reverse("youths:detail", args=[youth.pk])
    assert link in coordinator_client.get(detail).content.decode()
    assert link in professional_client.get(detail).content.decode()
    youth.shares_with_consortium = True
    youth.save()
    colleague_client = Client()
    colleague_client.force_login(colleague)
    page = colleague_client.get(detail)
    assert page.status_code == 200 and link not in page.content.decode()
