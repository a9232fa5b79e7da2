import pytest
from django.test import Client

from tests.youths.factories import YouthFactory

from .factories import PathwayFactory


@pytest.fixture
def youth(db):
    """A young person who agreed to share with the consortium."""
    return YouthFactory(identified=True, shared=True, first_name="Yasmine", last_name="Benaïssa")


@pytest.fixture
def pathway(youth, professional, programme):
    """An active pathway of `youth`, referred by `professional`."""
    return PathwayFactory(youth=youth, referent=professional)


@pytest.fixture
def colleague_client(colleague):
    client = Client()
    client.force_login(colleague)
    return client


@pytest.fixture
def htmx_client(professional):
    client = Client(headers={"HX-Request": "true"})
    client.force_login(professional)
    return client


def count_queries(client, url):
    """The number of queries one GET of `url` runs (the page must answer 200)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)
