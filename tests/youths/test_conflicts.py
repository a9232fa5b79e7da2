"""No lost updates on a young person's record: a save based on a version someone else has saved over meanwhile is
refused with a French message showing both versions (the fields that differ), the other person's save is kept, and
saving again with the new version, knowingly, keeps yours. Against the real PostgreSQL, a save at the same moment
waits for the row lock and is refused too."""

import threading

import pytest
from django.db import connection
from django.test import Client

from reflex.audit.enums import AccessAction
from reflex.audit.models import AccessEntry
from reflex.typography import french_spacing as fr
from tests.youths.factories import YouthFactory
from youths.models import Youth

from .test_record_forms import data


def url(youth):
    return f"/jeunes/{youth.pk}/modifier/"


def record_data(**changes):
    return data(first_name="Rayan", last_name="Haddad", birth_date="2005-03-14", **changes)


@pytest.fixture
def youth(programme):
    return YouthFactory(first_name="Rayan", last_name="Haddad", birth_year=2005, town="Givors")


@pytest.mark.django_db
def test_two_edits_from_the_same_version_the_second_sees_both_versions_and_the_first_is_kept(
    professional_client, coordinator_client, professional, youth
):
    # Both open the record at the same version.
    version = professional_client.get(url(youth)).context["form"]["version"].value()
    assert coordinator_client.get(url(youth)).context["form"]["version"].value() == version

    theirs = record_data(town="Vienne", sex="F", version=version)
    assert coordinator_client.post(url(youth), theirs).status_code == 302
    mine = record_data(town="Lyon", notes="Vu au city-stade", version=version)
    response = professional_client.post(url(youth), mine)

    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert errors[0] == (
        fr("Quelqu'un d'autre a enregistré cette fiche pendant que vous la modifiiez : sa version est conservée.")
    )
    assert fr("Sa version : Sexe : Femme ; Commune : « Vienne » ; Notes : –.") in errors
    assert fr("La vôtre : Sexe : – ; Commune : « Lyon » ; Notes : « Vu au city-stade ».") in errors
    assert errors[-1] == "Vérifiez, puis enregistrez à nouveau pour garder la vôtre."
    html = response.content.decode()
    assert fr("Sa version : Sexe : Femme ; Commune : « Vienne »") in html
    assert fr("La vôtre : Sexe : – ; Commune : « Lyon » ; Notes : « Vu au city-stade »") in html
    assert 'value="Lyon"' in html  # what this user typed stays in the form
    youth.refresh_from_db()
    assert (youth.town, youth.sex, youth.notes, youth.version) == ("Vienne", "F", "", version + 1)
    assert not AccessEntry.objects.filter(action=AccessAction.CHANGE, user=professional).exists()

    # The page now carries the saved version: saving again, on purpose, keeps mine.
    assert response.context["form"]["version"].value() == version + 1
    assert f'name="version" value="{version + 1}"' in html
    assert professional_client.post(url(youth), {**mine, "version": version + 1}).status_code == 302
    youth.refresh_from_db()
    assert (youth.town, youth.notes, youth.version) == ("Lyon", "Vu au city-stade", version + 2)


@pytest.mark.django_db
def test_resubmitting_the_stale_version_is_still_refused(professional_client, coordinator_client, youth):
    version = youth.version
    assert coordinator_client.post(url(youth), record_data(town="Vienne", version=version)).status_code == 302
    mine = record_data(town="Lyon", version=version)
    assert professional_client.post(url(youth), mine).status_code == 200
    assert professional_client.post(url(youth), mine).status_code == 200
    youth.refresh_from_db()
    assert youth.town == "Vienne"


@pytest.mark.django_db
def test_a_change_made_elsewhere_meanwhile_also_makes_the_form_stale(professional_client, youth):
    version = youth.version
    youth.phone = "06 12 34 56 78"
    youth.save()
    response = professional_client.post(url(youth), record_data(town="Givors", version=version))
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert fr("Sa version : Téléphone : « 06 12 34 56 78 ».") in errors
    assert fr("La vôtre : Téléphone : –.") in errors
    youth.refresh_from_db()
    assert youth.phone == "06 12 34 56 78"


@pytest.mark.django_db(transaction=True)
def test_two_saves_at_the_same_moment_one_wins_the_other_is_refused(professional, coordinator, programme):
    """Two requests, two connections: the first holds the row lock; the second waits for it, then sees the new
    version and is refused. Nothing is lost."""
    youth = YouthFactory(first_name="Rayan", last_name="Haddad", birth_year=2005, town="Givors")
    base = record_data(version=youth.version)
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
            results["first"] = client.post(url(youth), {**base, "town": "Vienne"})
        connection.close()

    def second():
        first_has_lock.wait(10)
        client = Client()
        client.force_login(coordinator)
        timer = threading.Timer(1.0, release_first.set)  # let the first one go while the second waits
        timer.start()
        results["second"] = client.post(url(youth), {**base, "town": "Lyon"})
        connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert results["first"].status_code == 302
    assert results["second"].status_code == 200
    assert fr("Sa version : Commune : « Vienne ».") in results["second"].context["form"].non_field_errors()
    youth = Youth.objects.get(pk=youth.pk)
    assert (youth.town, youth.version) == ("Vienne", base["version"] + 1)
