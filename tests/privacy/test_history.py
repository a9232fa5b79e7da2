"""Change history: who changed what, when, from what to what — recorded through the pages, shown to coordinators."""

import datetime

import pgtrigger
import pytest
from django.urls import reverse

from accompaniment.enums import BarrierCategory
from accompaniment.models import Barrier, FollowUp, Pathway
from reflex.audit.enums import AccessAction
from reflex.audit.models import AccessEntry
from reflex.privacy.models import PathwayEvent, YouthEvent
from tests.accompaniment.factories import FollowUpFactory
from tests.youths.factories import YouthFactory

pytestmark = pytest.mark.django_db


def edit_youth(client, youth, **changes):
    """POST the record's edit form with its current values and `changes`, as the page would."""
    page = client.get(reverse("youths:edit", args=[youth.pk]))
    form = page.context["form"]
    values = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        values[name] = "on" if value is True else value
    values.update(
        {
            "institutions-TOTAL_FORMS": "0",
            "institutions-INITIAL_FORMS": "0",
            "institutions-MIN_NUM_FORMS": "0",
            "institutions-MAX_NUM_FORMS": "10",
        }
    )
    values.update(changes)
    return client.post(reverse("youths:edit", args=[youth.pk]), values)


def test_a_change_through_the_page_records_who_made_it_and_both_values(coordinator_client, coordinator, youth):
    response = edit_youth(coordinator_client, youth, town="Vienne", qualification_level="3")
    assert response.status_code == 302, response.context["form"].errors
    update = YouthEvent.objects.filter(pgh_obj_id=youth.pk, pgh_label="update").latest("pgh_id")
    assert update.pgh_context.metadata["user"] == coordinator.pk
    assert (update.town, update.qualification_level) == ("Vienne", "3")

    page = coordinator_client.get(reverse("privacy:history", args=[youth.pk]))
    assert page.status_code == 200
    entry = next(e for e in page.context["page"].object_list if e.kind == "youth" and e.user == coordinator)
    assert entry.action == "update"
    changes = {change.label: (change.before, change.after) for change in entry.changes}
    assert changes == {
        "Commune": ("Bourgoin-Jallieu", "Vienne"),
        "Niveau de qualification": ("Sans diplôme (infra 3)", "Niveau 3 (CAP, BEP)"),
        "Année de naissance": ("–", "2008"),  # the form completes the year from the birth date
    }
    html = page.content.decode()
    assert "Claire" in html and "Modifié" in html and "Historique des modifications" in html


def test_pathway_and_follow_up_changes_are_in_the_history_with_their_author(
    professional_client, professional, coordinator_client, youth
):
    pathway = Pathway.objects.get(youth=youth)
    follow_up = FollowUp.objects.filter(youth=youth, confidential=False).get()
    # Outside a request (a shell, a command): no user. Before the request, whose context lasts to the end of the
    # test's transaction.
    Pathway.objects.filter(pk=pathway.pk).update(planned_review_on=datetime.date(2026, 12, 1))
    response = professional_client.post(
        reverse("accompaniment:follow_up_edit", args=[follow_up.pk]),
        {"happened_on": follow_up.happened_on.isoformat(), "mode": "phone", "summary": "Rappel fait"},
    )
    assert response.status_code == 302
    assert PathwayEvent.objects.filter(pgh_obj_id=pathway.pk, pgh_label="update").exists()

    entries = coordinator_client.get(reverse("privacy:history", args=[youth.pk])).context["page"].object_list
    follow_up_entry = next(e for e in entries if e.kind == "follow_up" and e.action == "update")
    assert follow_up_entry.user == professional
    changes = {change.label: (change.before, change.after) for change in follow_up_entry.changes}
    assert changes["Modalité"] == ("Bureau", "Téléphone")
    assert changes["Compte rendu"] == ("Yasmine cherche un CAP coiffure", "Rappel fait")
    pathway_changes = [
        (change.label, change.after) for e in entries if e.kind == "pathway" and e.user is None for change in e.changes
    ]
    assert ("Date de bilan prévue", "01/12/2026") in pathway_changes


def test_health_barrier_notes_and_confidential_follow_ups_never_show(coordinator_client, youth):
    health = Barrier.objects.get(pathway__youth=youth, category=BarrierCategory.HEALTH)
    health.notes = "Nouveau traitement au CMP"
    health.save()
    confidential = FollowUp.objects.get(youth=youth, confidential=True)
    confidential.summary = "Conflit avec son père"
    confidential.save()

    html = coordinator_client.get(reverse("privacy:history", args=[youth.pk])).content.decode()
    assert "CMP" not in html and "traitement" not in html
    assert "Situation familiale" not in html and "Conflit avec son père" not in html
    assert "(non affiché)" in html
    assert "Pas de permis" in html  # a mobility barrier's notes are shared with the consortium


def test_only_coordinators_see_the_history(
    professional_client, outsider_client, funder_client, coordinator_client, youth
):
    url = reverse("privacy:history", args=[youth.pk])
    assert professional_client.get(url).status_code == 403  # the referent: the history is the coordinator's
    assert outsider_client.get(url).status_code == 403
    assert funder_client.get(url).status_code == 403
    assert coordinator_client.get(url).status_code == 200
    assert AccessEntry.objects.filter(action=AccessAction.VIEW, youth_id=youth.pk).count() == 1


def test_the_history_page_runs_a_fixed_number_of_queries(
    coordinator_client, professional, django_assert_max_num_queries
):
    youth = YouthFactory(identified=True)
    authors = [FollowUpFactory(youth=youth, author=professional).author for _ in range(3)]
    for index in range(30):
        follow_up = FollowUpFactory(youth=youth, author=authors[index % 3])
        follow_up.summary = f"Version {index}"
        follow_up.save()
        youth.town = f"Ville {index}"
        youth.save()
    with django_assert_max_num_queries(20):
        response = coordinator_client.get(reverse("privacy:history", args=[youth.pk]))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 3 + 30 * 2 + 1 + 30  # follow-ups (inserts, updates), youth


def test_a_refusal_of_consent_erases_the_identity_from_the_history_too(professional_client, youth):
    response = edit_youth(professional_client, youth, refused_consent="on")
    assert response.status_code == 302
    youth.refresh_from_db()
    assert youth.refused_consent and youth.phone == "" and youth.nickname == "Yaya"
    events = YouthEvent.objects.filter(pgh_obj_id=youth.pk)
    assert events.count() >= 3
    assert not events.exclude(first_name="", last_name="", phone="", email="", social_handle="", notes="").exists()
    assert not events.filter(birth_date__isnull=False).exists()


def test_a_record_older_than_the_history_shows_its_former_values_as_not_recorded(coordinator_client, programme):
    with pgtrigger.ignore():  # no history, as for the records made before tracking started
        youth = YouthFactory(first_name="Rayan", town="Vienne")
    assert not YouthEvent.objects.filter(pgh_obj_id=youth.pk).exists()
    youth.town = "Lyon"
    youth.save()
    entries = coordinator_client.get(reverse("privacy:history", args=[youth.pk])).context["page"].object_list
    assert [entry.action for entry in entries] == ["update"]
    assert ("Commune", "(non enregistré)", "Lyon") in [(c.label, c.before, c.after) for c in entries[0].changes]
