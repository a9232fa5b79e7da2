import datetime

from django.urls import reverse
from django.utils import timezone

from accompaniment.enums import BarrierStatus
from accompaniment.models import Barrier
from tests.submission_tokens import with_token

from .factories import BarrierFactory


def test_the_referent_records_a_barrier_and_moves_it_to_lifted(professional_client, pathway):
    response = professional_client.post(
        reverse("accompaniment:barrier_create", args=[pathway.pk]),
        with_token(
            {"category": "mobility", "status": "identified", "identified_on": "2026-04-02", "notes": "Pas de permis"}
        ),
    )
    assert response.status_code == 302
    barrier = Barrier.objects.get(pathway=pathway)
    assert (barrier.status, barrier.addressed_on, barrier.lifted_on) == (BarrierStatus.IDENTIFIED, None, None)

    professional_client.post(
        reverse("accompaniment:barrier_edit", args=[barrier.pk]),
        {"category": "mobility", "status": "addressed", "identified_on": "2026-04-02", "addressed_on": "2026-05-01"},
    )
    barrier.refresh_from_db()
    assert barrier.status == BarrierStatus.ADDRESSED and barrier.addressed_on == datetime.date(2026, 5, 1)

    professional_client.post(
        reverse("accompaniment:barrier_edit", args=[barrier.pk]),
        {
            "category": "mobility",
            "status": "lifted",
            "identified_on": "2026-04-02",
            "addressed_on": "2026-05-01",
            "lifted_on": "2026-08-20",
        },
    )
    barrier.refresh_from_db()
    assert barrier.status == BarrierStatus.LIFTED and barrier.lifted_on == datetime.date(2026, 8, 20)


def test_lifting_without_a_date_dates_it_today(pathway):
    barrier = BarrierFactory(pathway=pathway)
    barrier.status = BarrierStatus.LIFTED
    barrier.save()
    assert barrier.lifted_on == timezone.localdate() and barrier.addressed_on == timezone.localdate()


def test_a_lift_before_identification_gets_a_french_message(professional_client, pathway):
    response = professional_client.post(
        reverse("accompaniment:barrier_create", args=[pathway.pk]),
        with_token(
            {"category": "housing", "status": "lifted", "identified_on": "2026-04-02", "lifted_on": "2026-03-01"}
        ),
    )
    assert "Cette date est antérieure au repérage du frein." in response.content.decode()
    assert not Barrier.objects.exists()


def test_health_notes_are_the_referents_alone(professional_client, coordinator_client, colleague_client, pathway):
    BarrierFactory(pathway=pathway, health=True, notes="Suivi CMP en cours")
    BarrierFactory(pathway=pathway, justice=True, notes="Mesure en cours")
    BarrierFactory(pathway=pathway, notes="Pas de voiture")
    url = reverse("accompaniment:youth", args=[pathway.youth.pk])

    referent_page = professional_client.get(url).content.decode()
    assert "Suivi CMP en cours" in referent_page and "Mesure en cours" in referent_page

    for client in (coordinator_client, colleague_client):
        page = client.get(url).content.decode()
        assert "Santé" in page and "Justice" in page  # the category and dates are shared
        assert "Suivi CMP en cours" not in page and "Mesure en cours" not in page
        assert f"Note détenue par {pathway.referent.get_full_name()}" in page  # that it exists, and who holds it
        assert "Pas de voiture" in page


def test_only_the_referent_and_coordinators_record_barriers(colleague_client, coordinator_client, pathway):
    data = {"category": "housing", "status": "identified", "identified_on": "2026-04-02"}
    assert (
        colleague_client.post(reverse("accompaniment:barrier_create", args=[pathway.pk]), with_token(data)).status_code
        == 403
    )
    assert (
        coordinator_client.post(
            reverse("accompaniment:barrier_create", args=[pathway.pk]), with_token(data)
        ).status_code
        == 302
    )
    assert Barrier.objects.count() == 1
