import datetime

import pytest
from django.utils import timezone

from reflex.audit.enums import AccessAction
from reflex.audit.models import AccessEntry
from reflex.typography import french_spacing as fr
from tests.partners.factories import NeighbourhoodFactory
from tests.submission_tokens import with_token
from tests.youths.factories import YouthFactory
from youths.models import InstitutionKnowledge, Youth

pytestmark = pytest.mark.django_db

INSTITUTIONS_EMPTY = {
    "institutions-TOTAL_FORMS": "0",
    "institutions-INITIAL_FORMS": "0",
    "institutions-MIN_NUM_FORMS": "0",
    "institutions-MAX_NUM_FORMS": "10",
}


def data(**fields):
    values = {"first_contact_on": "2026-03-02", "qualification_level": "unknown", **INSTITUTIONS_EMPTY}
    values.update(fields)
    return values


def errors(response):
    return response.context["form"].errors


def test_a_nickname_alone_creates_a_record(professional_client, professional, programme):
    response = professional_client.post("/jeunes/nouveau/", with_token(data(nickname="Zizou", birth_year="2007")))
    youth = Youth.objects.get()
    assert response.status_code == 302 and response.url == f"/jeunes/{youth.pk}/"
    assert youth.nickname_key == "zizou" and youth.birth_year == 2007
    assert youth.created_by == professional and youth.created_by_organisation == professional.organisation
    assert not youth.out_of_target_confirmed
    assert AccessEntry.objects.filter(action=AccessAction.CREATE, youth_id=youth.pk, user=professional).exists()


def test_without_first_name_or_nickname_nothing_is_created_and_the_message_is_french(professional_client, programme):
    response = professional_client.post("/jeunes/nouveau/", with_token(data(first_name="   ", last_name="Martin")))
    assert response.status_code == 200
    assert "Indiquez au moins un prénom ou un surnom." in errors(response)["first_name"]
    assert not Youth.objects.exists()


def test_bad_input_gets_french_messages_next_to_the_fields(professional_client, programme):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = professional_client.post(
        "/jeunes/nouveau/",
        with_token(
            data(
                first_name="Léa",
                birth_date=tomorrow.isoformat(),
                phone="06 12",
                email="pas-un-email",
                notes="x" * 6000,
            )
        ),
    )
    assert response.status_code == 200
    form_errors = errors(response)
    assert form_errors["birth_date"] == ["La date de naissance ne peut pas être dans le futur."]
    assert form_errors["phone"] == [fr("Ce numéro de téléphone n'est pas valide (ex. : 06 12 34 56 78).")]
    assert "email" in form_errors and "notes" in form_errors
    assert "Léa" in response.content.decode()  # nothing typed is lost
    assert not Youth.objects.exists()


def test_phone_and_names_are_normalised_on_save(professional_client, programme):
    professional_client.post(
        "/jeunes/nouveau/",
        with_token(data(first_name="Élodie", last_name="MARTIN", phone="+33612345678", email="E.M@Mail.fr")),
    )
    youth = Youth.objects.get()
    assert (youth.phone, youth.phone_key) == ("06 12 34 56 78", "+33612345678")
    assert (youth.name_key, youth.email_key) == ("elodie martin", "e.m@mail.fr")


def test_out_of_target_age_asks_for_confirmation(professional_client, programme):
    fields = data(first_name="Hugo", birth_date="2012-01-15")  # 14 at first contact
    response = professional_client.post("/jeunes/nouveau/", with_token(fields))
    assert response.status_code == 200
    message = errors(response)["confirm_out_of_target"][0]
    assert fr("Âge au premier contact : 14 ans") in message and "de 16 à 29 ans" in message
    assert not Youth.objects.exists()

    response = professional_client.post("/jeunes/nouveau/", with_token({**fields, "confirm_out_of_target": "on"}))
    assert response.status_code == 302
    assert Youth.objects.get().out_of_target_confirmed


def test_the_age_range_comes_from_the_programme(professional_client, programme):
    programme.max_age = 25
    programme.save()
    response = professional_client.post("/jeunes/nouveau/", with_token(data(first_name="Sofiane", birth_year="1998")))
    assert "confirm_out_of_target" in errors(response)
    response = professional_client.post("/jeunes/nouveau/", with_token(data(first_name="Sofiane", birth_year="2004")))
    assert response.status_code == 302
    assert not Youth.objects.get().out_of_target_confirmed


def test_a_refusal_keeps_only_a_pseudonymous_record(professional_client, programme):
    neighbourhood = NeighbourhoodFactory()
    fields = data(
        first_name="Yanis",
        last_name="Diallo",
        birth_date="2004-05-06",
        phone="0612345678",
        email="y@d.fr",
        social_handle="@yanis",
        neighbourhood=neighbourhood.pk,
        sex="M",
        notes="Habite chez sa tante",
        refused_consent="on",
        shares_with_consortium="on",
        information_notice_given_on="2026-03-02",
    )
    response = professional_client.post("/jeunes/nouveau/", with_token(fields))
    assert "nickname" in errors(response)  # a nickname is needed for a pseudonymous record
    response = professional_client.post("/jeunes/nouveau/", with_token({**fields, "nickname": "Yaya"}))
    assert response.status_code == 302
    youth = Youth.objects.get()
    assert (youth.nickname, youth.neighbourhood, youth.birth_year, youth.sex) == ("Yaya", neighbourhood, 2004, "M")
    assert [youth.first_name, youth.last_name, youth.phone, youth.email, youth.social_handle, youth.notes] == [""] * 6
    assert youth.birth_date is None and youth.phone_key == "" and not youth.shares_with_consortium
    # It still counts in statistics.
    assert Youth.objects.with_stage().current().count() == 1


def test_institutions_are_saved_with_the_record(professional_client, programme):
    fields = data(
        first_name="Inès",
        **{
            "institutions-TOTAL_FORMS": "1",
            "institutions-0-institution": "caf",
            "institutions-0-since": "2024-02-01",
        },
    )
    professional_client.post("/jeunes/nouveau/", with_token(fields))
    assert InstitutionKnowledge.objects.get().since == datetime.date(2024, 2, 1)


def test_a_possible_duplicate_is_shown_before_creating(professional_client, programme):
    existing = YouthFactory(first_name="MARTIN", last_name="elodie", phone="+33 6 12 34 56 78")
    fields = data(first_name="Élodie", last_name="Martin", phone="06 12 34 56 78")
    response = professional_client.post("/jeunes/nouveau/", with_token(fields))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Cette personne a peut-être déjà une fiche" in content
    assert f'value="{existing.pk}"' in content
    assert Youth.objects.count() == 1

    # "Different person" creates the record.
    response = professional_client.post("/jeunes/nouveau/", with_token({**fields, "decision": "different"}))
    assert response.status_code == 302
    assert Youth.objects.count() == 2


def test_same_person_goes_to_the_existing_record_and_back_to_next(professional_client, programme):
    existing = YouthFactory(first_name="Élodie", last_name="Martin")
    fields = data(first_name="elodie", last_name="MARTIN", next="/aller-vers/contacts/nouveau/?session=4")
    response = professional_client.post("/jeunes/nouveau/", with_token({**fields, "same_person": existing.pk}))
    assert response.url == f"/aller-vers/contacts/nouveau/?session=4&youth={existing.pk}"
    response = professional_client.post("/jeunes/nouveau/", with_token({"same_person": existing.pk}))
    assert response.url == f"/jeunes/{existing.pk}/"
    assert Youth.objects.count() == 1


def test_create_goes_back_to_a_local_next_only(professional_client, programme):
    response = professional_client.post("/jeunes/nouveau/", with_token(data(nickname="Bilou", next="/aller-vers/")))
    youth = Youth.objects.get()
    assert response.url == f"/aller-vers/?youth={youth.pk}"
    response = professional_client.post(
        "/jeunes/nouveau/", with_token(data(nickname="Kiki", next="https://evil.example/"))
    )
    assert response.url == f"/jeunes/{Youth.objects.get(nickname='Kiki').pk}/"


def test_edit_changes_the_record_and_rechecks_duplicates_when_identity_changes(professional_client, programme):
    youth = YouthFactory(first_name="Rayan", last_name="Haddad")
    other = YouthFactory(first_name="Moussa", last_name="Koné", phone="0781223344")
    page = professional_client.get(f"/jeunes/{youth.pk}/modifier/")
    version = page.context["form"]["version"].value()
    fields = data(first_name="Rayan", last_name="Haddad", phone="07 81 22 33 44", version=version)
    response = professional_client.post(f"/jeunes/{youth.pk}/modifier/", fields)
    assert response.status_code == 200, response.url
    assert errors(response) == {}
    assert [candidate.youth for candidate in response.context["candidates"]] == [other]
    response = professional_client.post(f"/jeunes/{youth.pk}/modifier/", {**fields, "decision": "different"})
    assert response.status_code == 302
    youth.refresh_from_db()
    assert youth.phone_key == "+33781223344"
    # A change of a non-identity field does not ask again.
    fields = data(first_name="Rayan", last_name="Haddad", phone="07 81 22 33 44", town="Vienne", version=youth.version)
    assert professional_client.post(f"/jeunes/{youth.pk}/modifier/", fields).status_code == 302


def test_an_out_of_target_record_is_not_confirmed_again_at_each_edit(professional_client, programme):
    youth = YouthFactory(first_name="Hugo", birth_date=datetime.date(2012, 1, 15), out_of_target_confirmed=True)
    fields = data(first_name="Hugo", birth_date="2012-01-15", town="Vienne", version=youth.version)
    assert professional_client.post(f"/jeunes/{youth.pk}/modifier/", fields).status_code == 302
    youth.refresh_from_db()
    assert youth.out_of_target_confirmed and youth.town == "Vienne"
    # Corrected birth date within the range: the flag goes.
    fields = data(first_name="Hugo", birth_date="2006-01-15", version=youth.version)
    assert professional_client.post(f"/jeunes/{youth.pk}/modifier/", fields).status_code == 302
    youth.refresh_from_db()
    assert not youth.out_of_target_confirmed


@pytest.mark.parametrize("name", ["first_name", "last_name", "nickname"])
def test_a_name_a_spreadsheet_would_evaluate_is_refused(coordinator_client, programme, name):
    data = {"first_name": "Léa", "first_contact_on": "2026-03-01", name: '=HYPERLINK("http://x/","Cliquez")'}
    response = coordinator_client.post("/jeunes/nouveau/", with_token(data))
    assert response.status_code == 200
    assert response.context["form"].errors[name] == ["Un nom ne peut pas commencer par =, +, - ou @."]


def test_the_notice_recorded_from_the_office_names_who_recorded_it(professional_client, professional, programme):
    """The field screen records who gave the notice; the record's form takes whoever records the date."""
    response = professional_client.post(
        "/jeunes/nouveau/",
        with_token(data(first_name="Inès", information_notice_given_on="2026-03-02", consent_channel="oral")),
    )
    assert response.status_code == 302
    youth = Youth.objects.get()
    assert youth.information_notice_given_by == professional
    later = YouthFactory(first_name="Rayan", first_contact_on=datetime.date(2026, 3, 2))
    fields = data(first_name="Rayan", information_notice_given_on="2026-03-05", version=later.version)
    assert professional_client.post(f"/jeunes/{later.pk}/modifier/", fields).status_code == 302
    later.refresh_from_db()
    assert (later.information_notice_given_on, later.information_notice_given_by) == (
        datetime.date(2026, 3, 5),
        professional,
    )
