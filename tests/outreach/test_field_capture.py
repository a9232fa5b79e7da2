"""The field screen: "Je suis en sortie", entries sent from the browser's queue (each counted once, whatever the
retries), named contacts in one short form with the information notice, and the session rules of the field."""

import datetime
import json
import uuid
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from outreach.enums import Channel, ContactKind, SessionStatus
from outreach.models import EncounterTally, NamedContact, OutreachSession, Relay
from reflex.audit.enums import AccessAction
from reflex.audit.models import AccessEntry
from reflex.typography import french_spacing as fr
from tests.submission_tokens import with_token
from tests.youths.factories import YouthFactory
from youths.enums import ConsentChannel, Stage
from youths.models import Youth

from .factories import NamedContactFactory, OutreachSessionFactory, PlaceFactory, TallyFactory

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def session(professional, today):
    return OutreachSessionFactory(date=today, place=PlaceFactory(name="Place du marché"), staff=[professional])


def send(client, *entries):
    response = client.post(
        reverse("outreach:field_sync"), json.dumps({"entries": list(entries)}), content_type="application/json"
    )
    return response


def tap(session, **extra):
    return {"id": str(uuid.uuid4()), "type": "tally", "session": session.pk, "new": True, **extra}


def contact(session, **extra):
    return {"id": str(uuid.uuid4()), "type": "contact", "session": session.pk, **extra}


def at(day, hour, minute=0):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=PARIS), tick=False)


# ---------------------------------------------------------------------------------------------------------------
# Getting there


def test_both_homes_offer_the_field_screen(professional_client, coordinator_client, programme):
    for client in (professional_client, coordinator_client):
        page = client.get(reverse("home")).content.decode()
        assert "Je suis en sortie" in page and "Fin de sortie" in page
        assert reverse("outreach:field_home") in page


def test_the_planned_session_of_the_moment_opens_directly(professional_client, session, today):
    with at(today, 14, 30):
        response = professional_client.get(reverse("outreach:field_home"))
        assert response.status_code == 302
        assert response["Location"] == reverse("outreach:field_session", args=[session.pk])
        page = professional_client.get(response["Location"]).content.decode()
    assert "Place du marché" in page and fr("Confirmer : nous sommes en sortie") in page
    assert "14:00–17:00" in page


def test_without_a_planned_session_a_short_pre_filled_form_starts_one(professional_client, professional, today):
    place = PlaceFactory(name="Gymnase Jean-Moulin")
    with at(today, 10, 7):
        page = professional_client.get(reverse("outreach:field_home")).content.decode()
        assert 'value="10:00"' in page and 'value="12:00"' in page
        response = professional_client.post(
            reverse("outreach:field_home"),
            with_token(
                date=today.isoformat(),
                start_time="10:00",
                end_time="12:00",
                place=place.pk,
                mode="on_foot",
                staff=[professional.pk],
            ),
        )
    started = OutreachSession.objects.get()
    assert response["Location"] == reverse("outreach:field_session", args=[started.pk])
    assert (started.status, started.created_by, list(started.staff.all())) == (
        SessionStatus.DONE,
        professional,
        [professional],
    )


def test_funders_and_outsiders_do_not_reach_a_session_s_field_screen(funder_client, outsider_client, session):
    url = reverse("outreach:field_session", args=[session.pk])
    assert funder_client.get(url).status_code == 403
    assert outsider_client.get(url).status_code == 403
    assert funder_client.get(reverse("outreach:field_home")).status_code == 403


# ---------------------------------------------------------------------------------------------------------------
# Entries: each counted once


def test_a_tap_is_a_tally_of_one_and_confirms_the_planned_session(professional_client, professional, session):
    entry = tap(session, age_band="18-25", sex="F", via="sibling", new=False)
    response = send(professional_client, entry)
    assert response.json() == {"results": [{"id": entry["id"], "status": "ok", "errors": {}}]}
    tally = EncounterTally.objects.get()
    assert (tally.count, tally.new_count, tally.channel, tally.entourage_kind, tally.age_band, tally.sex) == (
        1,
        0,
        Channel.ENTOURAGE,
        "sibling",
        "18-25",
        "F",
    )
    session.refresh_from_db()
    assert (session.status, session.logged_by) == (SessionStatus.DONE, professional)


def test_the_same_entry_sent_twice_counts_once(professional_client, session):
    entry = tap(session)
    named = contact(session, nickname="Yaya", phone="06 12 34 56 78", notice="yes")
    first = send(professional_client, entry, named)
    again = send(professional_client, entry, named, entry)  # a retry after a lost answer, and a double tap
    assert [result["status"] for result in first.json()["results"]] == ["ok", "ok"]
    assert [result["status"] for result in again.json()["results"]] == ["ok", "ok", "ok"]
    assert EncounterTally.objects.count() == 1
    assert NamedContact.objects.count() == 1 and Youth.objects.count() == 1


def test_a_tap_taken_back_is_deleted_once(professional_client, session):
    kept, taken_back = tap(session), tap(session)
    send(professional_client, kept, taken_back)
    untally = {"id": str(uuid.uuid4()), "type": "untally", "session": session.pk, "target": taken_back["id"]}
    assert send(professional_client, untally, untally).json()["results"][1]["status"] == "ok"
    assert list(EncounterTally.objects.values_list("client_id", flat=True)) == [uuid.UUID(kept["id"])]


def test_an_old_tally_cannot_be_taken_back_through_another_session(professional_client, professional, session):
    other = OutreachSessionFactory(done=True, staff=[professional])
    tally = TallyFactory(session=other, client_id=uuid.uuid4())
    send(
        professional_client,
        {"id": str(uuid.uuid4()), "type": "untally", "session": session.pk, "target": str(tally.client_id)},
    )
    assert EncounterTally.objects.filter(pk=tally.pk).exists()


def test_a_session_counts_at_most_300_young_people(professional_client, session):
    TallyFactory(session=session, count=299, new_count=0)
    results = send(professional_client, tap(session), tap(session)).json()["results"]
    assert results[0]["status"] == "ok"
    assert results[1]["status"] == "invalid"
    assert "Plus de 300 jeunes rencontrés dans une seule sortie" in results[1]["errors"]["__all__"][0]
    assert sum(EncounterTally.objects.values_list("count", flat=True)) == 300


def test_the_session_log_form_refuses_500_in_one_session(professional_client, session):
    TallyFactory(session=session, count=250, new_count=0)
    response = professional_client.post(
        reverse("outreach:tally_add", args=[session.pk]),
        with_token({"count": "250", "channel": "direct", "age_band": "unknown", "sex": "X"}),
        HTTP_HX_REQUEST="true",
    )
    assert "Plus de 300 jeunes rencontrés dans une seule sortie" in response.content.decode()
    assert EncounterTally.objects.count() == 1


@pytest.mark.parametrize(
    "entry",
    [
        {"id": "not-a-uuid", "type": "tally"},
        {"id": str(uuid.uuid4()), "type": "destroy"},
        {"id": str(uuid.uuid4()), "type": "tally", "session": "x"},
        {"id": str(uuid.uuid4()), "type": "tally", "session": 999999},
    ],
)
def test_malformed_entries_are_refused_with_a_reason(professional_client, session, entry):
    result = send(professional_client, entry).json()["results"][0]
    assert result["status"] == "invalid" and result["errors"]["__all__"]
    assert not EncounterTally.objects.exists()


def test_entries_of_a_session_the_user_may_not_complete_are_refused(outsider_client, session):
    result = send(outsider_client, tap(session)).json()["results"][0]
    assert result["errors"] == {"__all__": ["Vous ne pouvez pas compléter cette sortie."]}
    assert not EncounterTally.objects.exists()


def test_a_future_session_takes_no_entry(professional_client, professional, today):
    later = OutreachSessionFactory(date=today + datetime.timedelta(days=1), staff=[professional])
    result = send(professional_client, tap(later)).json()["results"][0]
    assert "la date est dans le futur" in result["errors"]["__all__"][0]
    later.refresh_from_db()
    assert later.status == SessionStatus.PLANNED and not EncounterTally.objects.exists()


def test_an_expired_session_is_sent_to_the_login_page_and_nothing_is_lost(client, session):
    response = send(client, tap(session))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not EncounterTally.objects.exists()


def test_a_request_body_that_is_not_json_is_a_400(professional_client, db):
    response = professional_client.post(reverse("outreach:field_sync"), "{oops", content_type="application/json")
    assert response.status_code == 400


# ---------------------------------------------------------------------------------------------------------------
# Named contacts and the information notice


def test_a_named_contact_in_one_short_form_with_the_notice_given(professional_client, professional, session, today):
    entry = contact(
        session, nickname="Yaya", phone="06 12 34 56 78", via="sibling", notice="yes", notice_channel="screen"
    )
    assert send(professional_client, entry).json()["results"][0]["status"] == "ok"
    named = NamedContact.objects.select_related("youth").get()
    youth = named.youth
    assert (named.kind, named.channel, named.entourage_kind, named.created_by) == (
        ContactKind.FIRST,
        Channel.ENTOURAGE,
        "sibling",
        professional,
    )
    assert (youth.nickname, youth.phone, youth.first_contact_on, youth.created_by) == (
        "Yaya",
        "06 12 34 56 78",
        today,
        professional,
    )
    assert (youth.information_notice_given_on, youth.consent_channel, youth.information_notice_given_by) == (
        today,
        ConsentChannel.SCREEN,
        professional,
    )
    assert Youth.objects.with_stage().get().stage == Stage.IDENTIFIED  # repéré from the notice
    assert AccessEntry.objects.filter(user=professional, action=AccessAction.CREATE, youth_id=youth.pk).count() == 2


def test_a_notice_not_yet_given_leaves_the_young_person_contacted(professional_client, session):
    send(professional_client, contact(session, first_name="Inès", social_handle="@ines", notice="not_yet"))
    youth = Youth.objects.with_stage().get()
    assert youth.information_notice_given_on is None and youth.stage == Stage.CONTACTED


def test_a_repeat_contact_with_a_known_record_records_the_notice_once(
    professional_client, professional, session, today
):
    known = YouthFactory(first_name="Yanis", phone="06 11 22 33 44")
    NamedContactFactory(
        youth=known, session=OutreachSessionFactory(done=True, date=today - datetime.timedelta(days=30))
    )
    version = Youth.objects.get(pk=known.pk).version
    send(professional_client, contact(session, youth=known.pk, notice="yes", notice_channel="oral"))
    named = NamedContact.objects.get(session=session)
    known.refresh_from_db()
    assert named.kind == ContactKind.REPEAT and named.youth == known
    assert (known.information_notice_given_on, known.consent_channel, known.version) == (today, "oral", version + 1)
    assert Youth.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"phone": "06 12 34 56 78"}, "nickname", "Indiquez au moins un surnom ou un prénom."),
        ({"nickname": "Yaya", "phone": "06 12 34"}, "phone", "Ce numéro de téléphone n'est pas valide"),
        ({"nickname": "x" * 101}, "nickname", "Assurez-vous que cette valeur comporte au plus 100 caractères"),
    ],
)
def test_a_bad_named_contact_is_refused_in_french_and_nothing_is_half_saved(
    professional_client, session, fields, field, message
):
    result = send(professional_client, contact(session, **fields)).json()["results"][0]
    assert result["status"] == "invalid"
    assert message in " ".join(result["errors"][field])
    assert not Youth.objects.exists() and not NamedContact.objects.exists()


def test_foreign_phone_numbers_are_accepted(professional_client, session):
    send(professional_client, contact(session, nickname="Sam", phone="+44 7911 123456"))
    assert Youth.objects.get().phone == "+44 7911 123456"


def test_a_record_the_user_may_not_see_cannot_be_named(professional_client, coordinator, session):
    hidden = YouthFactory(referent=coordinator)
    result = send(professional_client, contact(session, youth=hidden.pk)).json()["results"][0]
    assert result["errors"]["youth"] == ["Ce jeune ne peut pas être choisi."]
    assert not NamedContact.objects.exists()


def test_the_inline_search_carries_the_text_and_shows_duplicates(professional_client, professional, coordinator):
    YouthFactory(first_name="Yanis", nickname="Yaya", shares_with_consortium=True)
    YouthFactory(first_name="Yannick", nickname="Yaya", referent=coordinator)  # not shared: only counted
    url = reverse("outreach:field_search")
    page = professional_client.get(url, {"q": "Yaya"}).content.decode()
    assert "Yanis" in page and "Yannick" not in page
    assert fr("Nouveau contact nommé : « Yaya »") in page
    page = professional_client.get(url, {"nickname": "Yaya"}).content.decode()
    assert "Peut-être déjà connu" in page and "Yanis" in page and "Yannick" not in page
    assert "1 fiche proche que vous ne pouvez pas voir" in page


def test_the_notice_shown_on_the_phone_is_the_coordinator_s_text(professional_client, programme, session):
    programme.information_notice = "Notre notice complète."
    programme.information_notice_easy = "Notre notice facile."
    programme.save()
    page = professional_client.get(reverse("outreach:field_session", args=[session.pk])).content.decode()
    assert "Notre notice complète." in page and "Notre notice facile." in page


def test_the_default_notice_is_shown_when_none_was_set(professional_client, programme, session):
    page = professional_client.get(reverse("outreach:field_session", args=[session.pk])).content.decode()
    assert "Les partenaires du programme tiennent une fiche" in page
    assert "Nous notons ton prénom ou ton surnom" in page


# ---------------------------------------------------------------------------------------------------------------
# The installable web app


def test_the_service_worker_and_the_manifest_are_served_under_the_field_screen(client, db):
    worker = client.get(reverse("outreach:field_sw"))
    assert worker.status_code == 200 and worker["Content-Type"].startswith("text/javascript")
    assert "vendor/idb-8.0.4.min.js" in worker.content.decode()
    manifest = client.get(reverse("outreach:field_manifest")).json()
    assert manifest["start_url"] == reverse("outreach:field_home") and manifest["display"] == "standalone"


def test_logging_out_clears_what_the_browser_kept(professional_client):
    response = professional_client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"storage"'


# ---------------------------------------------------------------------------------------------------------------
# Session rules in the field


def test_the_team_completes_a_session_whatever_its_date(professional_client, professional, colleague, today):
    old = OutreachSessionFactory(date=today - datetime.timedelta(days=40), staff=[professional])
    created = OutreachSessionFactory(date=today - datetime.timedelta(days=20), created_by=professional)
    for session in (old, created):
        assert professional_client.get(reverse("outreach:session_log", args=[session.pk])).status_code == 200
        assert send(professional_client, tap(session)).json()["results"][0]["status"] == "ok"
    assert EncounterTally.objects.count() == 2


def test_a_session_logged_long_after_is_created_and_completed_alike(professional_client, professional, today):
    """The window is the same at creation and completion: no session half-saved, no "Accès refusé" on page two."""
    day = today - datetime.timedelta(days=12)
    response = professional_client.post(
        reverse("outreach:session_log_new"),
        with_token(
            {
                "date": day.isoformat(),
                "start_time": "14:00",
                "end_time": "16:00",
                "place": PlaceFactory().pk,
                "mode": "on_foot",
                "staff": [professional.pk],
            }
        ),
    )
    session = OutreachSession.objects.get()
    assert response["Location"] == reverse("outreach:session_log", args=[session.pk])
    assert professional_client.get(response["Location"]).status_code == 200
    tally = professional_client.post(
        reverse("outreach:tally_add", args=[session.pk]),
        with_token({"count": "3", "channel": "direct", "age_band": "unknown", "sex": "X"}),
    )
    assert tally.status_code == 302 and session.tallies.count() == 1


def test_two_truck_sessions_may_not_overlap(coordinator_client, professional, colleague, today):
    day = today + datetime.timedelta(days=3)
    OutreachSessionFactory(date=day, start_time=datetime.time(14), end_time=datetime.time(17), staff=[colleague])
    data = {
        "date": day.isoformat(),
        "start_time": "16:00",
        "end_time": "18:00",
        "place": PlaceFactory().pk,
        "mode": "truck",
        "staff": [professional.pk],
    }
    response = coordinator_client.post(reverse("outreach:session_create"), with_token(data))
    assert "Le camion est déjà sorti à cette heure" in response.content.decode()
    assert OutreachSession.objects.count() == 1
    response = coordinator_client.post(reverse("outreach:session_create"), with_token({**data, "mode": "on_foot"}))
    assert response.status_code == 302 and OutreachSession.objects.count() == 2


def test_a_cancelled_truck_session_frees_the_truck(coordinator_client, professional, today):
    day = today + datetime.timedelta(days=3)
    OutreachSessionFactory(date=day, cancelled=True)
    data = {
        "date": day.isoformat(),
        "start_time": "14:00",
        "end_time": "17:00",
        "place": PlaceFactory().pk,
        "mode": "truck",
        "staff": [professional.pk],
    }
    assert coordinator_client.post(reverse("outreach:session_create"), with_token(data)).status_code == 302


def test_the_record_says_when_how_and_by_whom_the_notice_was_given(professional_client, professional, session):
    send(professional_client, contact(session, nickname="Yaya", phone="06 12 34 56 78", notice="yes"))
    youth = Youth.objects.get()
    page = professional_client.get(reverse("youths:detail", args=[youth.pk])).content.decode()
    assert "Montrée sur l&#x27;écran du téléphone" in page
    assert f"par {professional.get_full_name()}" in page


def test_the_field_screen_reads_as_many_queries_whatever_the_rows(professional_client, professional, session):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("outreach:field_session", args=[session.pk])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert professional_client.get(url).status_code == 200
        return len(captured)

    NamedContactFactory(session=session, youth=YouthFactory(shares_with_consortium=True))
    TallyFactory(session=session)
    few = queries()
    for _ in range(8):
        NamedContactFactory(session=session, youth=YouthFactory(shares_with_consortium=True))
        TallyFactory(session=session, client_id=uuid.uuid4())
        Relay.objects.create(label=f"Relais {_}", kind="friend", place=session.place)
    assert queries() == few
    assert few <= 17  # the relays of the place to pick from: one query


# ---------------------------------------------------------------------------------------------------------------
# Relays picked on the field screen


def test_the_field_screen_offers_the_relays_of_its_place(professional_client, session):
    Relay.objects.create(label="La boulangère", kind="shopkeeper", place=session.place)
    Relay.objects.create(label="Le coach des U17", kind="coach")  # of no particular place
    Relay.objects.create(label="Le gardien d'ailleurs", kind="neighbour", place=PlaceFactory())
    Relay.objects.create(label="Un ancien relais", kind="friend", place=session.place, is_active=False)
    page = professional_client.get(reverse("outreach:field_session", args=[session.pk])).content.decode()
    assert page.index("La boulangère") < page.index("Le coach des U17")
    assert 'data-kind="shopkeeper"' in page and "Nouveau relais" in page
    assert "Le gardien d'ailleurs" not in page and "Un ancien relais" not in page


def test_a_tap_and_a_contact_through_an_existing_relay(professional_client, session):
    relay = Relay.objects.create(label="La boulangère", kind="shopkeeper", place=session.place)
    # The relay says through whom, whatever kind of entourage was ticked.
    results = send(
        professional_client,
        tap(session, via="friend", relay=relay.pk),
        contact(session, nickname="Yaya", via="shopkeeper", relay=relay.pk),
    ).json()["results"]
    assert [result["status"] for result in results] == ["ok", "ok"]
    tally, named = EncounterTally.objects.get(), NamedContact.objects.get()
    assert (tally.relay, tally.channel, tally.entourage_kind) == (relay, Channel.ENTOURAGE, "shopkeeper")
    assert (named.relay, named.entourage_kind) == (relay, "shopkeeper")


def test_a_new_relay_label_typed_offline_makes_one_relay_whatever_the_taps(professional_client, session):
    # Three taps queued offline with the same new label, then replayed together and once more (a lost answer).
    taps = [tap(session, via="coach", relay_label="  le coach   du city ") for _ in range(3)]
    named = contact(session, nickname="Sam", via="coach", relay_label="Le coach du city")
    assert {result["status"] for result in send(professional_client, *taps, named).json()["results"]} == {"ok"}
    assert {result["status"] for result in send(professional_client, *taps, named).json()["results"]} == {"ok"}
    relay = Relay.objects.get()
    assert (relay.label, relay.kind, relay.place) == ("le coach du city", "coach", session.place)
    assert EncounterTally.objects.filter(relay=relay).count() == 3
    assert NamedContact.objects.get().relay == relay


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ("Karim 06 12 34 56 78", "retirez le numéro de téléphone"),
        ("karim@example.org", "retirez l’adresse e-mail"),
    ],
)
def test_a_relay_label_holding_contact_details_is_refused_in_french(professional_client, session, label, message):
    results = send(
        professional_client,
        tap(session, via="sibling", relay_label=label),
        contact(session, nickname="Yaya", via="sibling", relay_label=label),
    ).json()["results"]
    for result in results:
        assert result["status"] == "invalid"
        assert message in " ".join(result["errors"]["relay_label"])
    assert not Relay.objects.exists() and not EncounterTally.objects.exists()
    assert not NamedContact.objects.exists() and not Youth.objects.exists()


def test_a_relay_needs_the_entourage_and_an_active_relay(professional_client, session):
    inactive = Relay.objects.create(label="Un ancien relais", kind="friend", is_active=False)
    results = send(
        professional_client,
        tap(session, via="direct", relay_label="La boulangère"),
        contact(session, nickname="Yaya", relay_label="La boulangère"),
        tap(session, via="friend", relay=inactive.pk),
    ).json()["results"]
    assert [result["status"] for result in results] == ["invalid"] * 3
    assert "entourage" in " ".join(results[0]["errors"]["relay"])
    assert "entourage" in " ".join(results[1]["errors"]["relay"])
    assert "Ce relais ne peut pas être choisi." in " ".join(results[2]["errors"]["relay"])
    assert Relay.objects.count() == 1 and not EncounterTally.objects.exists()
