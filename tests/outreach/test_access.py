"""Field staff log and view; coordinators manage places and edit everything; professionals complete and edit the
sessions they were on whatever their date; funders get 403 everywhere in outreach."""

import datetime

import pytest
from django.urls import reverse

from tests.submission_tokens import with_token

from .factories import OnlineOutreachFactory, OutreachSessionFactory, PlaceFactory


@pytest.fixture
def objects(professional):
    session = OutreachSessionFactory(done=True, date=datetime.date(2026, 11, 20), staff=[professional])
    online = OnlineOutreachFactory(staff=[professional])
    return {"session": session, "online": online, "place": session.place}


def outreach_urls(objects):
    session, online, place = objects["session"], objects["online"], objects["place"]
    return [
        reverse("outreach:index"),
        reverse("outreach:month"),
        reverse("outreach:session_create"),
        reverse("outreach:session_detail", args=[session.pk]),
        reverse("outreach:session_edit", args=[session.pk]),
        reverse("outreach:session_log", args=[session.pk]),
        reverse("outreach:session_log_new"),
        reverse("outreach:places"),
        reverse("outreach:place_create"),
        reverse("outreach:place_edit", args=[place.pk]),
        reverse("outreach:online_list"),
        reverse("outreach:online_create"),
        reverse("outreach:online_edit", args=[online.pk]),
        reverse("outreach:analytics"),
        reverse("outreach:feeds"),
    ]


def test_funders_get_403_on_every_outreach_page(funder_client, objects):
    for url in outreach_urls(objects):
        assert funder_client.get(url).status_code == 403, url
    session = objects["session"]
    assert (
        funder_client.post(reverse("outreach:tally_add", args=[session.pk]), with_token({"count": 1})).status_code
        == 403
    )
    assert not session.tallies.exists()


def test_coordinators_reach_every_page(coordinator_client, objects):
    for url in outreach_urls(objects):
        assert coordinator_client.get(url).status_code == 200, url


def test_professionals_do_not_manage_places(professional_client, objects):
    assert professional_client.get(reverse("outreach:places")).status_code == 200
    assert professional_client.get(reverse("outreach:place_create")).status_code == 403
    assert professional_client.get(reverse("outreach:place_edit", args=[objects["place"].pk])).status_code == 403


def test_a_professional_edits_only_the_sessions_they_took_part_in(outsider_client, professional_client, objects):
    session = objects["session"]
    assert outsider_client.get(reverse("outreach:session_detail", args=[session.pk])).status_code == 200
    assert outsider_client.get(reverse("outreach:session_log", args=[session.pk])).status_code == 403
    assert outsider_client.post(reverse("outreach:session_cancel", args=[session.pk])).status_code == 403
    assert professional_client.get(reverse("outreach:session_log", args=[session.pk])).status_code == 200
    online = objects["online"]
    assert outsider_client.post(reverse("outreach:online_edit", args=[online.pk]), {}).status_code == 403


def test_no_window_closes_on_the_team(professional_client, outsider_client, coordinator_client, professional, today):
    """The team completes a session whatever its date (no session half-logged); nobody else but coordinators."""
    old = OutreachSessionFactory(done=True, date=today - datetime.timedelta(days=60), staff=[professional])
    assert professional_client.get(reverse("outreach:session_log", args=[old.pk])).status_code == 200
    assert coordinator_client.get(reverse("outreach:session_log", args=[old.pk])).status_code == 200
    assert outsider_client.get(reverse("outreach:session_log", args=[old.pk])).status_code == 403


def test_unknown_ids_get_404(professional_client, db):
    assert professional_client.get(reverse("outreach:session_detail", args=[999])).status_code == 404
    assert professional_client.get(reverse("outreach:online_edit", args=[999])).status_code == 404


def test_a_place_in_use_can_be_deactivated_but_not_offered(coordinator_client, professional):
    place = PlaceFactory(name="Ancien square", is_active=False)
    page = coordinator_client.get(reverse("outreach:session_create")).content.decode()
    assert "Ancien square" not in page
    assert place.pk
