import datetime

import pytest

from reflex.audit.enums import AccessAction
from reflex.audit.models import AccessEntry
from tests.youths.factories import YouthFactory
from youths.duplicates import find_candidates, merge, reverse_relations
from youths.enums import Institution
from youths.models import FunnelFacts, InstitutionKnowledge, Youth, YouthMerge

pytestmark = pytest.mark.django_db


def ids(candidates):
    return [candidate.youth.pk for candidate in candidates]


def test_names_match_whatever_the_accents_case_and_order():
    same = YouthFactory(first_name="MARTIN", last_name="elodie", birth_date=None)
    YouthFactory(first_name="Karim", last_name="Benali", birth_date=None)
    assert ids(find_candidates(first_name="Élodie", last_name="Martin")) == [same.pk]


def test_a_typo_in_the_first_name_still_ranks_the_record_first():
    same = YouthFactory(first_name="Elodie", last_name="Martin")
    namesake = YouthFactory(first_name="Paul", last_name="Martin", birth_date=datetime.date(1999, 8, 1))
    found = find_candidates(first_name="Élodi", last_name="Martin", birth_date=datetime.date(2005, 3, 14))
    assert ids(found)[0] == same.pk
    assert namesake.pk not in ids(found)


def test_phone_formats_match():
    same = YouthFactory(first_name="Rayan", last_name="Haddad", phone="06 12 34 56 78")
    found = find_candidates(first_name="Ray", phone="+33 6 12 34 56 78")
    assert ids(found) == [same.pk]
    assert "same phone number" in [str(reason) for reason in found[0].reasons] or found[0].reasons


def test_nickname_and_email_match():
    by_nickname = YouthFactory(first_name="", last_name="", nickname="Zizou", birth_date=None)
    by_email = YouthFactory(first_name="Inès", email="ines.k@exemple.fr")
    assert ids(find_candidates(nickname="zizou")) == [by_nickname.pk]
    assert ids(find_candidates(first_name="Sarah", email="INES.K@exemple.fr ")) == [by_email.pk]


def test_ranking_puts_the_closest_first_and_skips_merged_and_excluded_records():
    exact = YouthFactory(first_name="Yanis", last_name="Diallo", phone="0712345678")
    close = YouthFactory(first_name="Yanis", last_name="Diallo", birth_date=datetime.date(2001, 1, 1))
    merged = YouthFactory(first_name="Yanis", last_name="Diallo", merged_into=exact)
    found = ids(find_candidates(first_name="yanis", last_name="DIALLO", phone="07 12 34 56 78"))
    assert found == [exact.pk, close.pk]
    assert merged.pk not in found
    assert ids(find_candidates(first_name="Yanis", last_name="Diallo", exclude_pk=exact.pk)) == [close.pk]


def test_nothing_found_for_a_different_person():
    YouthFactory(first_name="Élodie", last_name="Martin")
    assert find_candidates(first_name="Mamadou", last_name="Traoré") == []
    assert find_candidates() == []


def test_merge_moves_every_related_row_and_records_it(coordinator):
    kept = YouthFactory(first_name="Élodie", last_name="Martin", phone="")
    merged = YouthFactory(
        first_name="MARTIN", last_name="elodie", phone="0612345678", first_contact_on=datetime.date(2026, 1, 5)
    )
    older = YouthFactory(first_name="E.", last_name="Martin", merged_into=merged)
    InstitutionKnowledge.objects.create(youth=merged, institution=Institution.CAF, since=datetime.date(2024, 1, 1))
    InstitutionKnowledge.objects.create(youth=kept, institution=Institution.ASE, since=datetime.date(2025, 1, 1))
    InstitutionKnowledge.objects.create(youth=merged, institution=Institution.ASE, since=datetime.date(2023, 6, 1))

    record = merge(kept, merged, coordinator)

    merged.refresh_from_db()
    kept.refresh_from_db()
    older.refresh_from_db()
    assert merged.merged_into_id == kept.pk
    assert older.merged_into_id == kept.pk
    assert set(kept.institutions.values_list("institution", "since")) == {
        (Institution.CAF, datetime.date(2024, 1, 1)),
        (Institution.ASE, datetime.date(2023, 6, 1)),
    }
    assert not InstitutionKnowledge.objects.filter(youth=merged).exists()
    assert kept.phone_key == "+33612345678"  # an empty field completed from the merged record
    assert kept.first_contact_on == datetime.date(2026, 1, 5)
    assert YouthMerge.objects.get() == record and record.by == coordinator
    assert record.moved["youths.institutionknowledge.youth"]["moved"] == 1
    assert list(Youth.objects.current().order_by("pk")) == [kept]


def test_the_merge_walks_the_relations_of_later_apps_without_importing_them():
    labels = {model._meta.label_lower for model, _field in reverse_relations()}
    assert "youths.institutionknowledge" in labels
    assert "youths.youthmerge" not in labels
    # Whatever later apps point to Youth (contacts, follow-ups, actions…) is walked too.
    from django.apps import apps

    pointing = {
        model._meta.label_lower
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if field.is_relation
        and field.related_model is Youth
        and model is not YouthMerge
        and model is not FunnelFacts  # recomputed after the merge, not moved
        and not model._meta.proxy
        and not any(other.name.startswith("pgh_") for other in model._meta.concrete_fields)
    }
    assert pointing <= labels
    assert not any(label.endswith("event") and label.startswith("privacy.") for label in labels)


def test_coordinator_merges_through_the_page(coordinator_client, coordinator):
    kept = YouthFactory(first_name="Élodie", last_name="Martin")
    other = YouthFactory(first_name="MARTIN", last_name="elodie")
    page = coordinator_client.get(f"/jeunes/{kept.pk}/fusionner/?other={other.pk}")
    assert page.status_code == 200
    assert "Fusionner" in page.content.decode()
    response = coordinator_client.post(f"/jeunes/{kept.pk}/fusionner/", {"other": other.pk, "keep": kept.pk})
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.merged_into == kept
    assert AccessEntry.objects.filter(action=AccessAction.MERGE, youth_id=other.pk, user=coordinator).exists()
    # The merged record now leads to the kept one.
    assert coordinator_client.get(f"/jeunes/{other.pk}/").url == f"/jeunes/{kept.pk}/"


def test_only_coordinators_merge(professional_client):
    first, second = YouthFactory(), YouthFactory()
    response = professional_client.post(f"/jeunes/{first.pk}/fusionner/", {"other": second.pk, "keep": first.pk})
    assert response.status_code == 403
    second.refresh_from_db()
    assert second.merged_into is None


def test_a_shared_nickname_alone_does_not_make_two_named_people_the_same():
    YouthFactory(first_name="Noah", last_name="Laurent", nickname="Chacha", birth_date=None)
    same = YouthFactory(first_name="Rayan", last_name="Ferreira", nickname="Chacha", birth_date=None)
    assert ids(find_candidates(first_name="FERREIRA", last_name="Rayan", nickname="chacha")) == [same.pk]


def test_rows_that_cannot_move_stay_on_the_merged_record_and_the_coordinator_is_told(coordinator_client):
    """Two open pathways cannot belong to one young person: the merged record keeps its own, nothing is lost."""
    from accompaniment.models import FollowUp, Pathway
    from tests.accompaniment.factories import PathwayFactory

    kept, merged = YouthFactory(first_name="Élodie"), YouthFactory(first_name="Elodie")
    kept_pathway, merged_pathway = PathwayFactory(youth=kept), PathwayFactory(youth=merged)
    old_pathway = PathwayFactory(youth=merged, ended=True)
    follow_up = FollowUp.objects.create(
        youth=merged, happened_on=datetime.date(2026, 5, 1), pathway=merged_pathway, author=merged_pathway.referent
    )

    response = coordinator_client.post(
        f"/jeunes/{kept.pk}/fusionner/", {"other": merged.pk, "keep": kept.pk}, follow=True
    )

    assert "Certains éléments liés (1) n&#x27;ont pas pu être déplacés" in response.content.decode()
    assert set(Pathway.objects.filter(youth=kept)) == {kept_pathway, old_pathway}
    assert Pathway.objects.get(pk=merged_pathway.pk).youth == merged
    assert FollowUp.objects.get(pk=follow_up.pk).youth == kept
    assert YouthMerge.objects.get().moved["accompaniment.pathway.youth"] == {"moved": 1, "left": 1}
