"""Orientation from a barrier: who orients, who answers (partner's contact person, or the referent for an outside
service), what the receiving partner sees, the journal, overdue orientations, bad input."""

import datetime

import pytest
from django.utils import timezone

from orientation.enums import OrientationStatus
from orientation.models import Orientation
from reflex.audit.models import AccessEntry
from tests.submission_tokens import with_token

from .factories import OrientationFactory

TODAY = timezone.localdate


def _orient(client, barrier, service, **extra):
    data = {
        "service": service.pk,
        "oriented_on": TODAY().isoformat(),
        "expected_answer_on": (TODAY() + datetime.timedelta(days=7)).isoformat(),
        **extra,
    }
    return client.post(f"/orientation/freins/{barrier.pk}/orienter/", with_token(data))


def test_referent_orients_and_the_partner_accepts_then_reports_done(
    professional_client, outsider_client, professional, outsider, barrier, partner_service
):
    response = _orient(professional_client, barrier, partner_service)
    orientation = Orientation.objects.get()
    assert response["Location"] == f"/orientation/orientations/{orientation.pk}/"
    assert (orientation.status, orientation.oriented_by) == (OrientationStatus.SENT, professional)

    # The partner's contact person sees the first name and the barrier category; nothing else of the record.
    page = outsider_client.get(f"/orientation/orientations/{orientation.pk}/").content.decode()
    assert "Yasmine" in page and ("Santé" in page or "Health" in page)
    for hidden in ("Benaïssa", "Suivi psychologique", "/accompagnement/jeune/"):
        assert hidden not in page
    assert outsider_client.get(f"/accompagnement/jeune/{barrier.pathway.youth_id}/").status_code == 404

    # The referent does not answer for a partner's service.
    assert professional_client.get(f"/orientation/orientations/{orientation.pk}/reponse/").status_code == 403
    outsider_client.post(
        f"/orientation/orientations/{orientation.pk}/reponse/",
        {"status": "accepted", "answered_on": TODAY().isoformat()},
    )
    orientation.refresh_from_db()
    assert (orientation.status, orientation.answered_by) == (OrientationStatus.ACCEPTED, outsider)
    outsider_client.post(
        f"/orientation/orientations/{orientation.pk}/reponse/", {"status": "done", "answered_on": TODAY().isoformat()}
    )
    orientation.refresh_from_db()
    assert orientation.status == OrientationStatus.DONE
    assert outsider_client.get(f"/orientation/orientations/{orientation.pk}/reponse/").status_code == 403

    journal = AccessEntry.objects.filter(object_type="orientation.orientation", object_id=orientation.pk)
    assert set(journal.values_list("action", "user")) == {
        ("create", professional.pk),
        ("view", outsider.pk),
        ("change", outsider.pk),
    }
    assert set(journal.values_list("youth_id", flat=True)) == {barrier.pathway.youth_id}


def test_declining_needs_a_reason_and_a_date_not_before_the_orientation(outsider_client, barrier, partner_service):
    orientation = OrientationFactory(barrier=barrier, service=partner_service)
    url = f"/orientation/orientations/{orientation.pk}/reponse/"
    response = outsider_client.post(url, {"status": "declined", "answered_on": TODAY().isoformat(), "reason": " "})
    assert "reason" in response.context["form"].errors
    too_early = (orientation.oriented_on - datetime.timedelta(days=1)).isoformat()
    response = outsider_client.post(url, {"status": "declined", "answered_on": too_early, "reason": "Complet"})
    assert "answered_on" in response.context["form"].errors
    orientation.refresh_from_db()
    assert orientation.status == OrientationStatus.SENT
    outsider_client.post(url, {"status": "declined", "answered_on": TODAY().isoformat(), "reason": "Plus de places"})
    orientation.refresh_from_db()
    assert (orientation.status, orientation.decline_reason) == (OrientationStatus.DECLINED, "Plus de places")


def test_outside_service_is_followed_by_the_referent(professional_client, outsider_client, barrier, outside_service):
    orientation = OrientationFactory(barrier=barrier, service=outside_service)
    assert outsider_client.get(f"/orientation/orientations/{orientation.pk}/").status_code == 404
    professional_client.post(
        f"/orientation/orientations/{orientation.pk}/reponse/",
        {"status": "accepted", "answered_on": TODAY().isoformat()},
    )
    orientation.refresh_from_db()
    assert orientation.status == OrientationStatus.ACCEPTED


@pytest.mark.parametrize("who", ["colleague", "outsider", "funder"])
def test_others_cannot_orient(client, who, request, barrier, outside_service):
    client.force_login(request.getfixturevalue(who))
    assert _orient(client, barrier, outside_service).status_code in (403, 404)
    assert not Orientation.objects.exists()


def test_coordinator_orients(coordinator_client, barrier, outside_service):
    assert _orient(coordinator_client, barrier, outside_service).status_code == 302


def test_bad_input_is_refused_with_nothing_saved(professional_client, barrier, outside_service):
    outside_service.is_closed = True
    outside_service.save()
    response = _orient(professional_client, barrier, outside_service)
    assert "service" in response.context["form"].errors
    outside_service.is_closed = False
    outside_service.save()
    response = _orient(
        professional_client,
        barrier,
        outside_service,
        expected_answer_on=(TODAY() - datetime.timedelta(days=1)).isoformat(),
    )
    assert "expected_answer_on" in response.context["form"].errors
    response = _orient(
        professional_client,
        barrier,
        outside_service,
        oriented_on=(barrier.identified_on - datetime.timedelta(days=1)).isoformat(),
    )
    assert "oriented_on" in response.context["form"].errors
    assert not Orientation.objects.exists()


def test_a_lifted_barrier_is_not_oriented(professional_client, barrier, outside_service):
    barrier.status = "lifted"
    barrier.lifted_on = TODAY()
    barrier.save()
    assert _orient(professional_client, barrier, outside_service).status_code == 403


def test_overdue_orientations_show_to_the_referent_the_receiver_and_coordinators(
    professional_client, outsider_client, coordinator_client, barrier, partner_service
):
    overdue = OrientationFactory(
        barrier=barrier, service=partner_service, expected_answer_on=TODAY() - datetime.timedelta(days=1)
    )
    OrientationFactory(barrier=barrier, service=partner_service, expected_answer_on=TODAY())  # due today: not late
    assert [o.pk for o in Orientation.objects.overdue()] == [overdue.pk]
    following = professional_client.get("/orientation/orientations/").context["following"]
    assert len(following) == 2 and any(o.is_overdue for o in following)
    assert len(outsider_client.get("/orientation/orientations/").context["to_answer"]) == 2
    assert [o.pk for o in coordinator_client.get("/orientation/orientations/").context["overdue"]] == [overdue.pk]
    assert "Yasmine" in outsider_client.get("/orientation/orientations/").content.decode()
    assert "Benaïssa" not in outsider_client.get("/orientation/orientations/").content.decode()


def test_orient_link_on_the_youth_page(professional_client, barrier):
    page = professional_client.get(f"/accompagnement/jeune/{barrier.pathway.youth_id}/").content.decode()
    assert f"/orientation/freins/{barrier.pk}/orienter/" in page


def test_overdue_orientations_show_on_the_referents_pages_and_the_dashboard(
    professional_client, coordinator_client, barrier, outside_service
):
    OrientationFactory(
        barrier=barrier, service=outside_service, expected_answer_on=TODAY() - datetime.timedelta(days=2)
    )
    for url in ("/", "/accompagnement/mon-suivi/"):
        page = professional_client.get(url).content.decode()
        assert "overdue-orientations-title" in page and "Yasmine" in page, url
    assert "overdue-orientations-title" in coordinator_client.get("/accompagnement/tableau-de-bord/").content.decode()


def test_the_youth_page_lists_the_orientations_of_the_current_pathway(professional_client, barrier, outside_service):
    orientation = OrientationFactory(barrier=barrier, service=outside_service)
    page = professional_client.get(f"/accompagnement/jeune/{barrier.pathway.youth_id}/").content.decode()
    assert f"/orientation/orientations/{orientation.pk}/" in page and "CPAM accueil droits" in page


def test_a_service_taking_up_the_barrier_marks_it_addressed(outsider_client, barrier, partner_service):
    orientation = OrientationFactory(barrier=barrier, service=partner_service)
    outsider_client.post(
        f"/orientation/orientations/{orientation.pk}/reponse/",
        {"status": "accepted", "answered_on": TODAY().isoformat()},
    )
    barrier.refresh_from_db()
    assert (barrier.status, barrier.addressed_on) == ("addressed", TODAY())


def test_when_the_partners_contact_person_left_the_referent_answers(
    professional_client, outsider, barrier, partner_service
):
    outsider.is_active = False
    outsider.save()
    orientation = OrientationFactory(barrier=barrier, service=partner_service)
    professional_client.post(
        f"/orientation/orientations/{orientation.pk}/reponse/",
        {"status": "declined", "answered_on": TODAY().isoformat(), "reason": "Service saturé"},
    )
    orientation.refresh_from_db()
    assert orientation.status == OrientationStatus.DECLINED


def test_list_pages_queries_do_not_grow_with_rows(professional_client, coordinator_client, barrier, outside_service):
    from tests.accompaniment.conftest import count_queries

    late = TODAY() - datetime.timedelta(days=1)
    pages = [
        (professional_client, "/orientation/orientations/"),
        (coordinator_client, "/orientation/orientations/"),
        (professional_client, "/orientation/chiffres/"),
        (professional_client, "/"),
    ]
    OrientationFactory(barrier=barrier, service=outside_service, expected_answer_on=late)
    few = [count_queries(client, url) for client, url in pages]
    OrientationFactory.create_batch(4, barrier=barrier, service=outside_service, expected_answer_on=late)
    OrientationFactory.create_batch(3, expected_answer_on=late, status=OrientationStatus.ACCEPTED)
    assert [count_queries(client, url) for client, url in pages] == few


def test_choosing_the_service_in_the_directory(professional_client, barrier, partner_service):
    directory = professional_client.get(f"/orientation/?barrier=health&for={barrier.pk}").content.decode()
    chosen = f"/orientation/freins/{barrier.pk}/orienter/?service={partner_service.pk}"
    assert chosen in directory
    assert professional_client.get(chosen).context["form"]["service"].value() == partner_service.pk
