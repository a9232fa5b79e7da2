"""The analytics page keeps its figures and charts in the cache until the outreach data changes
(reflex.data_version).

Figures are stored only when no transaction is writing, the test's own included: these tests commit their writes
(`transaction=True`), as requests do in production.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from outreach.views.analytics import page_figures
from reflex.reports import live
from tests.tables_read import tables_read

from .factories import OutreachSessionFactory, PlaceFactory, TallyFactory

URL = reverse("outreach:analytics")
QUERY = {"start": "2026-01-01", "end": "2026-11-25"}
committed = pytest.mark.django_db(transaction=True)


def visit(client, **query):
    """The page's summary, and whether this request computed it (rather than reading it from the cache)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {**QUERY, **query})
    assert response.status_code == 200
    computed = any("outreach_sessionfigures" in query["sql"] for query in queries.captured_queries)
    return response.context["summary"], computed


def a_session(professional, count, place=None, day=datetime.date(2026, 7, 1)):
    session = OutreachSessionFactory(done=True, date=day, place=place or PlaceFactory(), staff=[professional])
    TallyFactory(session=session, count=count, new_count=count)
    return session


@committed
def test_a_second_visit_reads_the_figures_from_the_cache_until_a_session_is_logged(professional_client, professional):
    a_session(professional, 4)
    first, computed = visit(professional_client)
    assert computed and first["encounters"] == 4
    second, computed = visit(professional_client)
    assert not computed and second == first
    a_session(professional, 3, day=datetime.date(2026, 8, 5))
    third, computed = visit(professional_client)
    assert computed and third["encounters"] == 7


@committed
def test_each_period_and_filter_has_figures_of_its_own(professional_client, professional):
    stadium = PlaceFactory(name="Stade")
    a_session(professional, 4, place=stadium)
    a_session(professional, 2)
    assert visit(professional_client)[0]["encounters"] == 6
    assert visit(professional_client, place=stadium.pk)[0]["encounters"] == 4
    assert visit(professional_client, start="2026-07-02")[0]["encounters"] == 0
    assert visit(professional_client)[0]["encounters"] == 6


def test_every_table_the_page_reads_moves_the_version(professional):
    a_session(professional, 4)
    with tables_read() as read:
        page_figures(datetime.date(2026, 1, 1), datetime.date(2026, 11, 25), {})
    assert {"outreach_sessionfigures", "outreach_place"} <= read
    assert read <= set(live.source_tables())
