"""No lost updates: a pathway or a follow-up saved by someone else meanwhile is kept, and the stale save is refused
with a French message showing both versions. Against the real PostgreSQL, a save at the same moment waits for the
row lock and is refused too."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from accompaniment.models import FollowUp, Pathway
from reflex.typography import french_spacing as fr

from .factories import FollowUpFactory


@pytest.fixture
def follow_up(pathway, professional):
    return FollowUpFactory(youth=pathway.youth, pathway=pathway, author=professional, summary="Premier point")


def follow_up_data(follow_up, **changes):
    return {
        "happened_on": follow_up.happened_on.isoformat(),
        "mode": follow_up.mode,
        "duration_minutes": follow_up.duration_minutes,
        "summary": follow_up.summary,
        "next_step": follow_up.next_step,
        "version": follow_up.version,
        **changes,
    }


@pytest.mark.django_db
def test_a_stale_follow_up_save_is_refused_and_the_other_save_kept(professional_client, coordinator_client, follow_up):
    url = reverse("accompaniment:follow_up_edit", args=[follow_up.pk])
    mine = follow_up_data(follow_up, summary="Ma version", duration_minutes=30)
    theirs = follow_up_data(follow_up, summary="Leur version", mode="phone")
    assert coordinator_client.post(url, theirs).status_code == 302

    response = professional_client.post(url, mine)

    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert errors[0] == (
        fr("Quelqu'un d'autre a enregistré ceci pendant que vous le modifiiez : sa version est conservée.")
    )
    assert fr("Sa version : Modalité : Téléphone ; Durée (minutes) : 45 ; Compte rendu : « Leur version ».") in errors
    assert fr("La vôtre : Modalité : Bureau ; Durée (minutes) : 30 ; Compte rendu : « Ma version ».") in errors
    html = response.content.decode()
    assert "Leur version" in html and "Ma version" in html
    follow_up.refresh_from_db()
    assert (follow_up.summary, follow_up.mode, follow_up.version) == ("Leur version", "phone", 2)

    # The form now carries the saved version: saving again, knowingly, keeps mine.
    assert response.context["form"]["version"].value() == 2
    assert professional_client.post(url, {**mine, "version": 2}).status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.summary == "Ma version"


@pytest.mark.django_db
def test_a_stale_pathway_save_is_refused(professional_client, coordinator_client, pathway):
    url = reverse("accompaniment:pathway_edit", args=[pathway.pk])
    version = pathway.version
    assert coordinator_client.post(url, {"planned_review_on": "2026-09-01", "version": version}).status_code == 302
    response = professional_client.post(url, {"planned_review_on": "2026-10-01", "version": version})
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert fr("Sa version : Date de bilan prévue : 01/09/2026.") in errors
    assert fr("La vôtre : Date de bilan prévue : 01/10/2026.") in errors
    pathway.refresh_from_db()
    assert str(pathway.planned_review_on) == "2026-09-01"


@pytest.mark.django_db
def test_a_pause_meanwhile_also_makes_the_review_form_stale(professional_client, pathway):
    url = reverse("accompaniment:pathway_edit", args=[pathway.pk])
    version = pathway.version
    pathway.pause()
    response = professional_client.post(url, {"planned_review_on": "2026-10-01", "version": version})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()[-1] == (
        "Vérifiez, puis enregistrez à nouveau pour garder la vôtre."
    )


@pytest.mark.django_db(transaction=True)
def test_two_saves_at_the_same_moment_one_wins_the_other_is_refused(professional, coordinator, programme):
    """Two requests, two connections: the first holds the row lock; the second waits for it, then sees the new
    version and is refused. Nothing is lost."""
    from tests.accompaniment.factories import PathwayFactory

    pathway = PathwayFactory(referent=professional)
    follow_up = FollowUpFactory(youth=pathway.youth, pathway=pathway, author=professional)
    url = reverse("accompaniment:follow_up_edit", args=[follow_up.pk])
    base = follow_up_data(follow_up)
    first_has_lock, release_first = threading.Event(), threading.Event()
    results = {}

    def hold_the_lock(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if "FOR UPDATE" in sql:
            first_has_lock.set()
            release_first.wait(10)
        return result

    def first():
        client = Client()
        client.force_login(professional)
        with connection.execute_wrapper(hold_the_lock):
            results["first"] = client.post(url, {**base, "summary": "Premier"})
        connection.close()

    def second():
        first_has_lock.wait(10)
        client = Client()
        client.force_login(coordinator)
        timer = threading.Timer(1.0, release_first.set)  # let the first one go while the second waits
        timer.start()
        results["second"] = client.post(url, {**base, "summary": "Second"})
        connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert results["first"].status_code == 302
    assert results["second"].status_code == 200
    assert "Sa version" in " ".join(results["second"].context["form"].non_field_errors())
    follow_up = FollowUp.objects.get(pk=follow_up.pk)
    assert (follow_up.summary, follow_up.version) == ("Premier", 2)
    assert Pathway.objects.filter(pk=pathway.pk).exists()
