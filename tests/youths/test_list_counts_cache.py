"""The youth list's counts by stage, read from the stored funnel, stay in the cache until the funnel changes
(reflex.data_version); each user sees the counts of the records they may see.

Counts are stored only when no transaction is writing, the test's own included: these tests commit their writes
(`transaction=True`), as requests do in production.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partners.models import User
from tests.youths.factories import YouthFactory

URL = reverse("youths:list")
committed = pytest.mark.django_db(transaction=True)


def visit(client, **query):
    """{stage: count} as the page shows them, and whether this request counted them in the stored funnel."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, query)
    assert response.status_code == 200
    counted = any(
        "youths_funnelfacts" in query["sql"] and "GROUP BY" in query["sql"] for query in queries.captured_queries
    )
    return {value: count for value, _label, count in response.context["stages"]}, counted


@committed
def test_a_second_visit_reads_the_counts_from_the_cache_until_a_record_is_added(coordinator_client, programme):
    YouthFactory.create_batch(2, identified=True)
    first, counted = visit(coordinator_client)
    assert counted and sum(first.values()) == 2
    second, counted = visit(coordinator_client)
    assert not counted and second == first
    YouthFactory(identified=True)
    third, counted = visit(coordinator_client)
    assert counted and sum(third.values()) == 3


@committed
def test_each_user_gets_the_counts_of_what_they_may_see(coordinator_client, professional_client, colleague, programme):
    YouthFactory(identified=True, referent=colleague)  # not shared: the colleague's and the coordinators'
    YouthFactory(identified=True, shared=True, referent=colleague)
    everyone, _counted = visit(coordinator_client)
    assert sum(everyone.values()) == 2
    mine, _counted = visit(professional_client)
    assert sum(mine.values()) == 1
    again, counted = visit(professional_client)
    assert not counted and sum(again.values()) == 1


@committed
def test_a_change_of_role_gives_the_counts_of_the_new_role(professional_client, professional, colleague, programme):
    YouthFactory(identified=True, referent=colleague)
    assert sum(visit(professional_client)[0].values()) == 0
    User.objects.filter(pk=professional.pk).update(role="coordinator")
    counts, counted = visit(professional_client)
    assert counted and sum(counts.values()) == 1


@committed
def test_a_stage_filter_has_counts_of_its_own(coordinator_client, programme):
    YouthFactory(identified=True)
    YouthFactory(first_name="", last_name="", nickname="Zizou", phone="")
    everyone, _counted = visit(coordinator_client)
    stage = next(value for value, count in everyone.items() if count == 1)
    filtered, _counted = visit(coordinator_client, stage=stage)
    assert sum(filtered.values()) == 1
    assert sum(visit(coordinator_client)[0].values()) == 2
