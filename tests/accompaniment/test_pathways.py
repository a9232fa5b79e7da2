import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from accompaniment.enums import PathwayStatus
from accompaniment.models import Pathway, ReferentChange
from reflex.audit.models import AccessEntry
from tests.partners.factories import UserFactory
from tests.submission_tokens import with_token
from tests.youths.factories import YouthFactory

from .factories import PathwayFactory


def test_the_database_refuses_a_second_open_pathway(pathway, professional):
    with pytest.raises(IntegrityError), transaction.atomic():
        Pathway.objects.create(youth=pathway.youth, referent=professional, status=PathwayStatus.PAUSED)


def test_a_new_pathway_may_start_once_the_previous_one_ended(youth, professional):
    PathwayFactory(youth=youth, referent=professional, ended=True)
    PathwayFactory(youth=youth, referent=professional)
    assert youth.pathways.count() == 2


def test_a_professional_starts_a_pathway_and_becomes_the_referent(professional_client, professional, programme):
    youth = YouthFactory(identified=True)
    response = professional_client.post(
        reverse("accompaniment:pathway_start", args=[youth.pk]),
        with_token({"referent": professional.pk, "started_on": "2026-11-02", "planned_review_on": "2027-01-15"}),
    )
    assert response.status_code == 302
    pathway = Pathway.objects.get(youth=youth)
    assert pathway.referent == professional
    assert pathway.planned_review_on == datetime.date(2027, 1, 15)
    youth.refresh_from_db()
    assert youth.referent == professional
    first = ReferentChange.objects.get(pathway=pathway)
    assert first.from_referent is None and first.to_referent == professional
    assert AccessEntry.objects.filter(youth_id=youth.pk, action="create", object_type="accompaniment.pathway").exists()


def test_a_second_active_pathway_gets_a_french_message_and_nothing_is_saved(coordinator_client, pathway, colleague):
    response = coordinator_client.post(
        reverse("accompaniment:pathway_start", args=[pathway.youth.pk]),
        with_token({"referent": colleague.pk, "started_on": "2026-11-02"}),
    )
    assert response.status_code == 200
    assert "Ce jeune a déjà un parcours en cours." in response.content.decode()
    assert Pathway.objects.filter(youth=pathway.youth).count() == 1


def test_the_database_constraint_holds_when_the_form_check_is_bypassed(
    coordinator_client, pathway, colleague, monkeypatch
):
    """Two people starting a pathway at once: the constraint turns the race into a French message, not a 500."""
    from accompaniment import forms

    monkeypatch.setattr(forms.PathwayStartForm, "clean", lambda self: self.cleaned_data)
    response = coordinator_client.post(
        reverse("accompaniment:pathway_start", args=[pathway.youth.pk]),
        with_token({"referent": colleague.pk, "started_on": "2026-11-02"}),
    )
    assert response.status_code == 200
    assert "Ce jeune a déjà un parcours en cours." in response.content.decode()
    assert Pathway.objects.filter(youth=pathway.youth).count() == 1


def test_a_referent_must_be_a_professional(coordinator_client, funder, programme):
    youth = YouthFactory(identified=True)
    response = coordinator_client.post(
        reverse("accompaniment:pathway_start", args=[youth.pk]),
        with_token({"referent": funder.pk, "started_on": "2026-11-02"}),
    )
    assert response.status_code == 200
    assert (
        "Choisissez un professionnel ou un coordinateur actif du consortium comme référent."
        in response.content.decode()
    )
    assert not Pathway.objects.exists()


def test_a_pathway_cannot_start_in_the_future(coordinator_client, professional, programme):
    youth = YouthFactory(identified=True)
    response = coordinator_client.post(
        reverse("accompaniment:pathway_start", args=[youth.pk]),
        with_token({"referent": professional.pk, "started_on": "2099-01-01"}),
    )
    assert "Un parcours ne peut pas commencer dans le futur." in response.content.decode()
    assert not Pathway.objects.exists()


def test_the_coordinator_changes_the_referent_and_the_history_shows_it(
    coordinator_client, coordinator, pathway, outsider
):
    response = coordinator_client.post(
        reverse("accompaniment:pathway_referent", args=[pathway.pk]),
        {"referent": outsider.pk, "reason": "Départ en congé maternité", "changed_on": "2026-10-01"},
    )
    assert response.status_code == 302
    pathway.refresh_from_db()
    assert pathway.referent == outsider
    assert pathway.version == 2
    pathway.youth.refresh_from_db()
    assert pathway.youth.referent == outsider
    change = pathway.referent_changes.last()
    assert (change.from_referent, change.to_referent, change.changed_by) == (
        pathway.referent_changes.first().to_referent,
        outsider,
        coordinator,
    )
    assert change.reason == "Départ en congé maternité"
    page = coordinator_client.get(reverse("accompaniment:youth", args=[pathway.youth.pk])).content.decode()
    assert "Départ en congé maternité" in page
    assert "Premier référent" in page


def test_a_change_of_referent_needs_a_reason(coordinator_client, pathway, outsider):
    response = coordinator_client.post(
        reverse("accompaniment:pathway_referent", args=[pathway.pk]),
        {"referent": outsider.pk, "reason": "", "changed_on": "2026-10-01"},
    )
    assert "Ce champ est obligatoire." in response.content.decode()
    pathway.refresh_from_db()
    assert pathway.referent_changes.count() == 1


def test_a_colleague_cannot_change_the_referent(colleague_client, pathway, colleague):
    response = colleague_client.post(
        reverse("accompaniment:pathway_referent", args=[pathway.pk]),
        {"referent": colleague.pk, "reason": "Je prends", "changed_on": "2026-10-01"},
    )
    assert response.status_code == 403
    pathway.refresh_from_db()
    assert pathway.referent != colleague


def test_the_referent_pauses_and_resumes(professional_client, pathway):
    professional_client.post(reverse("accompaniment:pathway_pause", args=[pathway.pk]))
    pathway.refresh_from_db()
    assert pathway.status == PathwayStatus.PAUSED and pathway.paused_on
    professional_client.post(reverse("accompaniment:pathway_resume", args=[pathway.pk]))
    pathway.refresh_from_db()
    assert pathway.status == PathwayStatus.ACTIVE and pathway.paused_on is None


def test_pause_needs_a_post(professional_client, pathway):
    assert professional_client.get(reverse("accompaniment:pathway_pause", args=[pathway.pk])).status_code == 405


def test_the_review_date_cannot_precede_the_start(professional_client, pathway):
    response = professional_client.post(
        reverse("accompaniment:pathway_edit", args=[pathway.pk]), {"planned_review_on": "2026-01-01"}
    )
    assert "La date de bilan est antérieure au début du parcours." in response.content.decode()


def test_a_deactivated_referent_leaves_the_pathway_without_referent(coordinator_client, youth, programme):
    gone = UserFactory(is_active=False)
    PathwayFactory(youth=youth, referent=gone)
    assert Pathway.objects.without_referent().count() == 1
