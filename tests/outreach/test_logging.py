"""Logging a session from a phone: the session form, tallies and named contacts added without reload (htmx)."""

import datetime

import pytest
from django.urls import reverse

from outreach.enums import SessionStatus
from outreach.models import EncounterTally, NamedContact, OutreachSession
from reflex.audit.enums import AccessAction
from reflex.audit.models import AccessEntry
from tests.submission_tokens import with_token
from tests.youths.factories import YouthFactory

from .factories import NamedContactFactory, OutreachSessionFactory, PlaceFactory

HTMX = {"HTTP_HX_REQUEST": "true"}
PHONE = {"HTTP_USER_AGENT": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148"}


@pytest.fixture
def session(professional):
    return OutreachSessionFactory(date=datetime.date(2026, 11, 25), place=PlaceFactory(), staff=[professional])


def log_data(session, staff, **extra):
    return {
        "date": session.date.isoformat(),
        "start_time": "14:10",
        "end_time": "16:50",
        "place": session.place_id,
        "mode": "truck",
        "staff": [member.pk for member in staff],
        "weather": "rain",
        "activity": "Atelier CV",
        "activity_attendance": "6",
        **extra,
    }


def test_the_log_page_is_one_phone_page_with_the_three_sections(professional_client, session):
    response = professional_client.get(reverse("outreach:session_log", args=[session.pk]), **PHONE)
    page = response.content.decode()
    assert response.status_code == 200
    for text in ["Jeunes rencontrés (anonymes)", "Contacts nominatifs", "Enregistrer le compte rendu"]:
        assert text in page
    assert 'hx-post="' + reverse("outreach:tally_add", args=[session.pk]) in page
    assert "data-youth-picker" in page and 'name="youth"' in page
    assert "style=" not in page.split("<main", 1)[1]
    assert "<script>" not in page


def test_a_full_log_in_four_posts(professional_client, professional, colleague, session):
    """Tally, tally through the entourage, named contact, then the session itself: done, with the actual times."""
    tally_url = reverse("outreach:tally_add", args=[session.pk])
    row = professional_client.post(
        tally_url, with_token(count="6", new_count="2", channel="direct", age_band="18-25", sex="M"), **HTMX
    )
    assert row.status_code == 200 and "<li" in row.content.decode() and "<html" not in row.content.decode()
    professional_client.post(
        tally_url,
        with_token(
            {
                "count": "2",
                "new_count": "2",
                "channel": "entourage",
                "entourage_kind": "sibling",
                "age_band": "16-17",
                "sex": "F",
            }
        ),
        **HTMX,
    )
    youth = YouthFactory(first_name="Inès")
    contact = professional_client.post(
        reverse("outreach:contact_add", args=[session.pk]),
        with_token({"youth": youth.pk, "kind": "first", "channel": "direct", "outcome": "appointment"}),
        **HTMX,
    )
    assert "Inès" in contact.content.decode()
    response = professional_client.post(
        reverse("outreach:session_log", args=[session.pk]), log_data(session, [professional, colleague])
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == SessionStatus.DONE and session.logged_by == professional
    assert (session.start_time, session.end_time, session.duration_minutes) == (
        datetime.time(14, 10),
        datetime.time(16, 50),
        160,
    )
    assert (session.weather, session.activity, session.activity_attendance) == ("rain", "Atelier CV", 6)
    assert set(session.staff.all()) == {professional, colleague}
    tallies = list(EncounterTally.objects.filter(session=session).values_list("count", "new_count", "entourage_kind"))
    assert tallies == [(6, 2, ""), (2, 2, "sibling")]
    named = NamedContact.objects.get(session=session)
    assert (named.youth, named.outcome, named.created_by) == (youth, "appointment", professional)
    entry = AccessEntry.objects.get(action=AccessAction.CREATE, youth_id=youth.pk)
    assert entry.user == professional and entry.object_type == "outreach.namedcontact"


def test_the_first_row_added_to_a_past_planned_session_marks_it_done(professional_client, professional):
    session = OutreachSessionFactory(date=datetime.date(2026, 11, 20), staff=[professional])
    professional_client.post(
        reverse("outreach:tally_add", args=[session.pk]),
        with_token({"count": "1", "channel": "direct", "age_band": "unknown", "sex": "X"}),
        **HTMX,
    )
    session.refresh_from_db()
    assert session.status == SessionStatus.DONE


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"count": "3", "new_count": "5"}, "Il ne peut pas y avoir plus de nouveaux jeunes que de jeunes rencontrés."),
        ({"count": "0"}, "Comptez au moins un jeune."),
        ({"count": "-2"}, "Comptez au moins un jeune."),
        ({"count": "abc"}, "Saisissez un nombre entier."),
        ({"count": "900"}, "Plus de 500 jeunes sur une ligne"),
        ({"count": "2", "channel": "entourage"}, "Indiquez par qui ils ont été rencontrés."),
    ],
)
def test_impossible_tallies_get_french_messages(professional_client, session, data, message):
    payload = {"channel": "direct", "age_band": "unknown", "sex": "X", **data}
    response = professional_client.post(reverse("outreach:tally_add", args=[session.pk]), with_token(payload), **HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#tally-form"
    assert message in response.content.decode()
    assert not EncounterTally.objects.exists()


def test_the_same_errors_without_htmx_show_the_whole_page(professional_client, session):
    payload = {"count": "3", "new_count": "5", "channel": "direct", "age_band": "unknown", "sex": "X"}
    response = professional_client.post(reverse("outreach:tally_add", args=[session.pk]), with_token(payload))
    assert response.status_code == 200
    assert "Enregistrer le compte rendu" in response.content.decode()


def test_a_future_session_cannot_be_logged(professional_client, professional):
    session = OutreachSessionFactory(date=datetime.date(2026, 12, 2), staff=[professional])
    url = reverse("outreach:session_log", args=[session.pk])
    response = professional_client.post(url, log_data(session, [professional]))
    assert "la date est dans le futur" in response.content.decode()
    response = professional_client.post(
        reverse("outreach:tally_add", args=[session.pk]),
        with_token({"count": "1", "channel": "direct", "age_band": "unknown", "sex": "X"}),
        **HTMX,
    )
    assert "la date est dans le futur" in response.content.decode()
    session.refresh_from_db()
    assert session.status == SessionStatus.PLANNED and not session.tallies.exists()


def test_log_times_and_overlaps_are_checked(professional_client, professional, session):
    OutreachSessionFactory(
        date=session.date, start_time=datetime.time(9, 0), end_time=datetime.time(11, 0), staff=[professional]
    )
    url = reverse("outreach:session_log", args=[session.pk])
    response = professional_client.post(url, log_data(session, [professional], end_time="14:00"))
    assert "La fin doit être après le début." in response.content.decode()
    response = professional_client.post(url, log_data(session, [professional], start_time="10:00"))
    assert "a déjà une sortie à ce moment-là" in response.content.decode()
    response = professional_client.post(url, log_data(session, [professional], activity=""))
    assert "Nommez l’activité dont vous donnez la participation." in response.content.decode()
    session.refresh_from_db()
    assert session.status == SessionStatus.PLANNED


def test_a_young_person_is_named_once_per_session(professional_client, session):
    youth = YouthFactory()
    NamedContactFactory(session=session, youth=youth)
    response = professional_client.post(
        reverse("outreach:contact_add", args=[session.pk]),
        with_token({"youth": youth.pk, "kind": "repeat", "channel": "direct", "outcome": "information"}),
        **HTMX,
    )
    assert "Ce jeune figure déjà parmi les contacts de cette sortie." in response.content.decode()
    response = professional_client.post(
        reverse("outreach:contact_add", args=[session.pk]),
        with_token({"youth": "", "kind": "first", "channel": "direct", "outcome": "information"}),
        **HTMX,
    )
    assert "Choisissez un jeune dans la recherche, ou créez sa fiche." in response.content.decode()
    assert NamedContact.objects.count() == 1


def test_a_young_person_referred_by_someone_else_and_not_shared_cannot_be_named(
    professional_client, session, outsider
):
    hidden = YouthFactory(referent=outsider)
    response = professional_client.post(
        reverse("outreach:contact_add", args=[session.pk]),
        with_token({"youth": hidden.pk, "kind": "first", "channel": "direct", "outcome": "information"}),
        **HTMX,
    )
    assert "Ce jeune ne peut pas être choisi." in response.content.decode()
    assert not NamedContact.objects.exists()


def test_coming_back_from_the_youth_creation_preselects_the_new_record(professional_client, session):
    youth = YouthFactory(first_name="Sofiane")
    page = professional_client.get(
        reverse("outreach:session_log", args=[session.pk]) + f"?youth={youth.pk}"
    ).content.decode()
    assert f'value="{youth.pk}"' in page and "Sofiane" in page
    assert reverse("youths:create") + "?next=" in page


def test_rows_can_be_removed(professional_client, session):
    youth = YouthFactory()
    contact = NamedContactFactory(session=session, youth=youth)
    tally = session.tallies.create(count=2, new_count=0)
    professional_client.post(reverse("outreach:tally_delete", args=[session.pk, tally.pk]), **HTMX)
    professional_client.post(reverse("outreach:contact_delete", args=[session.pk, contact.pk]), **HTMX)
    assert not session.tallies.exists() and not session.named_contacts.exists()


def test_an_unplanned_session_is_logged_then_completed(professional_client, professional):
    place = PlaceFactory()
    data = {
        "date": "2026-11-24",
        "start_time": "17:00",
        "end_time": "19:00",
        "place": place.pk,
        "mode": "on_foot",
        "staff": [professional.pk],
    }
    response = professional_client.post(reverse("outreach:session_log_new"), with_token(data))
    session = OutreachSession.objects.get()
    assert response.url == reverse("outreach:session_log", args=[session.pk])
    assert session.status == SessionStatus.DONE and session.created_by == professional
    assert list(session.organisations.all()) == [professional.organisation]


def test_an_unplanned_session_in_the_future_is_refused(professional_client, professional):
    data = {
        "date": "2026-11-26",
        "start_time": "17:00",
        "end_time": "19:00",
        "place": PlaceFactory().pk,
        "mode": "on_foot",
        "staff": [professional.pk],
    }
    response = professional_client.post(reverse("outreach:session_log_new"), with_token(data))
    assert response.status_code == 200
    assert "Une sortie ne peut pas être renseignée avant d’avoir eu lieu" in response.content.decode()
    assert not OutreachSession.objects.exists()


def test_the_detail_page_shows_what_happened(professional_client, professional):
    session = OutreachSessionFactory(done=True, date=datetime.date(2026, 11, 20), staff=[professional])
    session.tallies.create(count=4, new_count=1)
    NamedContactFactory(session=session, youth=YouthFactory(first_name="Mattéo"))
    page = professional_client.get(reverse("outreach:session_detail", args=[session.pk])).content.decode()
    assert "Mattéo" in page and "<strong>4</strong>" in page


def test_a_record_not_shared_with_the_viewer_is_not_named_on_the_session(
    outsider_client, coordinator_client, professional, session
):
    NamedContactFactory(session=session, youth=YouthFactory(first_name="Nassim", referent=professional))
    NamedContactFactory(session=session, youth=YouthFactory(first_name="Bilal", shares_with_consortium=True))
    session.status = SessionStatus.DONE
    session.save()
    url = reverse("outreach:session_detail", args=[session.pk])
    page = outsider_client.get(url).content.decode()
    assert "Nassim" not in page and "Bilal" in page
    assert "Un jeune dont la fiche n’est pas partagée avec vous" in page
    page = coordinator_client.get(url).content.decode()
    assert "Nassim" in page and "Bilal" in page
