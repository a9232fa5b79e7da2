import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from outreach.models import CalendarFeed
from tests.partners.factories import UserFactory
from tests.youths.factories import YouthFactory

from .factories import NamedContactFactory, OutreachSessionFactory, PlaceFactory


@pytest.fixture
def sessions(professional, colleague):
    place = PlaceFactory(name="Square Gambetta")
    mine = OutreachSessionFactory(date=datetime.date(2026, 12, 2), place=place, staff=[professional, colleague])
    past = OutreachSessionFactory(done=True, date=datetime.date(2026, 11, 18), place=place, staff=[professional])
    NamedContactFactory(session=past, youth=YouthFactory(first_name="Yasmina", last_name="Kaci", phone="0612345678"))
    theirs = OutreachSessionFactory(
        date=datetime.date(2026, 12, 3), place=PlaceFactory(name="Gare"), staff=[colleague], cancelled=True
    )
    return mine, past, theirs


def events(response):
    calendar = Calendar.from_ical(response.content)
    return list(calendar.walk("VEVENT"))


def test_my_feed_holds_my_sessions_and_no_personal_data(client, professional, colleague, sessions):
    feed = CalendarFeed.objects.for_user(professional)
    response = client.get(reverse("outreach:feed", args=[feed.token]))  # anonymous: calendar apps cannot log in
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    found = events(response)
    assert len(found) == 2
    first = next(event for event in found if event.decoded("dtstart").date() == datetime.date(2026, 12, 2))
    assert "Square Gambetta" in str(first["summary"])
    assert first.decoded("dtstart").hour == 14 and first.decoded("dtend").hour == 17
    assert professional.first_name in str(first["description"]) and colleague.first_name in str(first["description"])
    body = response.content.decode()
    for personal in ["Yasmina", "Kaci", "0612345678", professional.last_name, professional.email, colleague.last_name]:
        assert personal not in body


def test_the_programme_feed_holds_every_session_and_cancellations(client, sessions):
    feed = CalendarFeed.objects.for_programme()
    found = events(client.get(reverse("outreach:feed", args=[feed.token])))
    assert len(found) == 3
    assert [str(event["status"]) for event in found if "Gare" in str(event["summary"])] == ["CANCELLED"]


def test_a_bad_token_gets_a_404(client, sessions):
    assert client.get("/aller-vers/agenda/" + "x" * 43 + ".ics").status_code == 404


def test_a_regenerated_address_replaces_the_old_one(professional_client, client, professional, sessions):
    old = CalendarFeed.objects.for_user(professional).token
    professional_client.post(reverse("outreach:feed_regenerate"), {"which": "mine"})
    new = CalendarFeed.objects.for_user(professional).token
    assert new != old
    assert client.get(reverse("outreach:feed", args=[old])).status_code == 404
    assert client.get(reverse("outreach:feed", args=[new])).status_code == 200


def test_only_coordinators_regenerate_the_programme_address(professional_client, coordinator_client):
    old = CalendarFeed.objects.for_programme().token
    assert professional_client.post(reverse("outreach:feed_regenerate"), {"which": "programme"}).status_code == 403
    assert CalendarFeed.objects.for_programme().token == old
    coordinator_client.post(reverse("outreach:feed_regenerate"), {"which": "programme"})
    assert CalendarFeed.objects.for_programme().token != old


def test_the_feed_of_a_deactivated_account_is_gone(client, db):
    feed = CalendarFeed.objects.for_user(UserFactory(deactivated=True))
    assert client.get(reverse("outreach:feed", args=[feed.token])).status_code == 404


def test_the_subscribe_page_shows_both_addresses(professional_client, professional):
    page = professional_client.get(reverse("outreach:feeds")).content.decode()
    assert CalendarFeed.objects.for_user(professional).token in page
    assert CalendarFeed.objects.for_programme().token in page
    assert "S’abonner au planning" in page


def test_a_feed_follows_its_owners_current_role(client, professional, sessions):
    feed = CalendarFeed.objects.for_user(professional)
    url = reverse("outreach:feed", args=[feed.token])
    assert client.get(url).status_code == 200
    professional.role = "funder"  # moved to the funder's side: no more planning
    professional.save()
    assert client.get(url).status_code == 404
    professional.role = "coordinator"
    professional.save()
    assert client.get(url).status_code == 200
