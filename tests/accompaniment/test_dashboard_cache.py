"""The coordinator dashboard keeps its department-wide figures (funnel, exits, caseloads) in the cache until the data
they read changes (reflex.data_version); the pathways without a referent are read on every visit.

Figures are stored only when no transaction is writing, the test's own included: these tests commit their writes
(`transaction=True`), as requests do in production.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accompaniment import workspace
from accompaniment.models import Pathway
from partners.models import User
from reflex.reports import live
from tests.partners.factories import UserFactory
from tests.submission_tokens import with_token
from tests.tables_read import tables_read
from tests.youths.factories import YouthFactory

from .factories import PathwayFactory

URL = reverse("accompaniment:dashboard")
HOME = reverse("home")
TODAY = timezone.localdate()
committed = pytest.mark.django_db(transaction=True)


def visit(client, url=URL):
    """The page, and whether this request computed the funnel (rather than reading it from the cache)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    # The funnel's count (`workspace.funnel_counts`), not the waiting list, which reads the stored funnel each visit.
    computed = any('AS "contacted"' in query["sql"] for query in queries.captured_queries)
    return response, computed


def caseload_of(response, user):
    return next(
        (
            (member.active_count, member.paused_count)
            for member in response.context["caseloads"]
            if member.pk == user.pk
        ),
        None,
    )


@pytest.fixture
def referred(professional, programme):
    youth = YouthFactory(identified=True, first_contact_on=TODAY - datetime.timedelta(days=30))
    return PathwayFactory(youth=youth, referent=professional, started_on=TODAY - datetime.timedelta(days=20))


@committed
def test_a_second_visit_reads_the_figures_from_the_cache(coordinator_client, professional, referred):
    first, computed = visit(coordinator_client)
    assert computed and caseload_of(first, professional) == (1, 0)
    second, computed = visit(coordinator_client)
    assert not computed
    assert caseload_of(second, professional) == (1, 0)
    assert second.context["funnel"] == first.context["funnel"]


@committed
def test_starting_a_pathway_through_the_app_shows_in_the_next_visit(coordinator_client, professional, referred):
    visit(coordinator_client)
    youth = YouthFactory(identified=True, shared=True, first_contact_on=TODAY)
    response = coordinator_client.post(
        reverse("accompaniment:pathway_start", args=[youth.pk]),
        with_token({"referent": professional.pk, "started_on": TODAY.isoformat()}),
    )
    assert response.status_code == 302, response.context and response.context["form"].errors
    after, computed = visit(coordinator_client)
    assert computed and caseload_of(after, professional) == (2, 0)


@committed
def test_renaming_a_referent_shows_in_the_next_visit(coordinator_client, professional, referred):
    visit(coordinator_client)
    User.objects.filter(pk=professional.pk).update(last_name="Nouveau-Nom")  # one column, no save()
    after, computed = visit(coordinator_client)
    assert computed and "Nouveau-Nom" in after.content.decode()


@committed
def test_deactivating_a_referent_takes_them_off_the_caseloads_and_lists_their_pathway(
    coordinator_client, professional, referred
):
    before, _computed = visit(coordinator_client)
    assert caseload_of(before, professional) == (1, 0) and before.context["without_referent_count"] == 0
    User.objects.filter(pk=professional.pk).update(is_active=False)
    after, computed = visit(coordinator_client)
    assert computed and caseload_of(after, professional) is None
    assert after.context["without_referent_count"] == 1


@committed
def test_a_login_keeps_the_cached_figures(client, coordinator_client, coordinator, referred):
    from tests.partners.factories import TEST_PASSWORD

    visit(coordinator_client)
    assert client.login(email=coordinator.email, password=TEST_PASSWORD)
    _response, computed = visit(coordinator_client)
    assert not computed


@committed
def test_pathways_without_referent_are_read_on_every_visit(coordinator_client, referred):
    visit(coordinator_client)
    visit(coordinator_client)
    Pathway.objects.filter(pk=referred.pk).update(referent=None)
    after, _computed = visit(coordinator_client)
    assert after.context["without_referent_count"] == 1


@committed
def test_the_home_page_summary_is_kept_and_refreshed_the_same_way(coordinator_client, professional, referred):
    visit(coordinator_client, HOME)
    _response, computed = visit(coordinator_client, HOME)
    assert not computed
    PathwayFactory(referent=professional, youth=YouthFactory(identified=True, first_contact_on=TODAY))
    after, computed = visit(coordinator_client, HOME)
    assert computed and after.context["accompaniment"]["in_pathway"] == 2


def test_every_table_the_cached_figures_read_moves_the_version(programme, referred):
    with tables_read() as read:
        workspace.department_figures(programme, limit=None)
        workspace.coordinator_summary(programme)
    assert {"youths_funnelfacts", "accompaniment_exit", "partners_user", "accompaniment_pathway"} <= read
    assert read <= set(live.source_tables())
    assert "UPDATE OF" in live.trigger_events("partners_user")
    for column in ("first_name", "last_name", "email", "role", "is_active", "organisation_id"):
        assert column in live.STAFF_COLUMNS_READ


def test_the_caseload_names_a_user_without_a_name_by_their_email(coordinator_client, programme):
    nameless = UserFactory(first_name="", last_name="", email="sans.nom@example.org")
    PathwayFactory(referent=nameless)
    assert "sans.nom@example.org" in coordinator_client.get(URL).content.decode()
