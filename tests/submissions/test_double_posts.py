"""Every creating form carries a one-time token: a double click, a replay or two simultaneous posts create one row;
a post without a token creates nothing and shows the form again, with what was typed and a French message.

The simultaneous posts are real: two threads, each with its own database connection, released together.
"""

import json
import threading
import uuid
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from accompaniment.models import Action, Appointment, Exit, FollowUp, Participation, Pathway
from orientation.models import Structure
from outreach.models import (
    EncounterTally,
    MarkedPeriod,
    NamedContact,
    OnlineOutreach,
    OutreachSession,
    Place,
    Relay,
    SelfRegistration,
    TerritoryOutline,
)
from partners.models import Neighbourhood, User
from reflex import submissions
from reflex.reports.enums import ReportKind
from reflex.reports.models import GeneratedReport
from reflex.submissions import FIELD, NEXT_TOKEN_HEADER
from reflex.submissions.models import Submission
from tests.accompaniment.factories import ActionFactory, FollowUpFactory, PathwayFactory
from tests.outreach.factories import OutreachSessionFactory, PlaceFactory
from tests.youths.factories import YouthFactory
from youths.enums import ImportStatus
from youths.models import PendingImport, Youth

HTMX = {"HX-Request": "true"}


@dataclass
class Case:
    user: object
    url: str
    data: dict
    rows: object  # a queryset: how many things exist
    headers: dict | None = None
    typed: str = ""  # something typed in the form, shown again when the form comes back
    refused_status: int = 200  # a post without a token: the form again (some pages answer 400 to a bad form)
    follow: bool = False  # a post without a token is answered with a redirect to the page that says so


def youth_case(professional, organisation, coordinator):
    data = {
        "first_name": "Inès",
        "last_name": "Martin",
        "first_contact_on": timezone.localdate().isoformat(),
        "qualification_level": "unknown",
        "institutions-TOTAL_FORMS": "0",
        "institutions-INITIAL_FORMS": "0",
        "institutions-MIN_NUM_FORMS": "0",
        "institutions-MAX_NUM_FORMS": "10",
    }
    return Case(professional, reverse("youths:create"), data, Youth.objects.filter(first_name="Inès"), typed="Inès")


def follow_up_case(professional, organisation, coordinator):
    youth = YouthFactory(identified=True, shared=True)
    data = {"happened_on": timezone.localdate().isoformat(), "mode": "office", "summary": "Bilan"}
    url = reverse("accompaniment:follow_up_create", args=[youth.pk])
    return Case(professional, url, data, FollowUp.objects.filter(youth=youth), headers=HTMX, typed="Bilan")


def action_case(professional, organisation, coordinator):
    pathway = PathwayFactory(youth=YouthFactory(identified=True, shared=True), referent=professional)
    data = {
        "category": "mobility",
        "title": "Code de la route",
        "provider_organisation": organisation.pk,
        "status": "planned",
        "starts_on": timezone.localdate().isoformat(),
    }
    url = reverse("accompaniment:action_create", args=[pathway.pk])
    return Case(professional, url, data, Action.objects.filter(pathway=pathway), typed="Code de la route")


def exit_case(professional, organisation, coordinator):
    pathway = PathwayFactory(
        youth=YouthFactory(identified=True, shared=True),
        referent=professional,
        started_on=timezone.localdate() - timedelta(days=60),
    )
    data = {
        "outcome": "cdi",
        "exited_on": timezone.localdate().isoformat(),
        "employer": "Boulangerie Martin",
        "contract_type": "cdi",
    }
    url = reverse("accompaniment:exit_create", args=[pathway.pk])
    return Case(professional, url, data, Exit.objects.filter(pathway=pathway), typed="Boulangerie Martin")


def _session(professional):
    return OutreachSessionFactory(
        date=timezone.localdate() - timedelta(days=1), place=PlaceFactory(), staff=[professional]
    )


def tally_case(professional, organisation, coordinator):
    session = _session(professional)
    data = {"count": "6", "new_count": "2", "channel": "direct", "age_band": "18-25", "sex": "M"}
    url = reverse("outreach:tally_add", args=[session.pk])
    rows = EncounterTally.objects.filter(session=session)
    return Case(professional, url, data, rows, headers=HTMX, typed='value="6"')


def contact_case(professional, organisation, coordinator):
    session = _session(professional)
    youth = YouthFactory(identified=True, shared=True)
    data = {"youth": youth.pk, "kind": "first", "channel": "direct", "outcome": "appointment"}
    url = reverse("outreach:contact_add", args=[session.pk])
    return Case(professional, url, data, NamedContact.objects.filter(session=session), headers=HTMX)


def report_case(professional, organisation, coordinator):
    today = timezone.localdate()
    data = {
        "funder-start": (today - timedelta(days=30)).isoformat(),
        "funder-end": today.isoformat(),
        "funder-narrative": "Un mois.",
    }
    return Case(coordinator, reverse("reports:generate_funder"), data, GeneratedReport.objects.all(), typed="Un mois.")


def youth_report_case(professional, organisation, coordinator):
    youth = YouthFactory(identified=True, shared=True)
    url = reverse("reports:youth_report", args=[youth.pk])
    return Case(professional, url, {}, GeneratedReport.objects.filter(kind=ReportKind.YOUTH, youth=youth))


def planned_session_case(professional, organisation, coordinator):
    data = {
        "date": (timezone.localdate() + timedelta(days=7)).isoformat(),
        "start_time": "14:00",
        "end_time": "17:00",
        "place": PlaceFactory().pk,
        "mode": "truck",
        "staff": [professional.pk],
        "activity": "Tournoi de foot",
    }
    rows = OutreachSession.objects.filter(activity="Tournoi de foot")
    return Case(professional, reverse("outreach:session_create"), data, rows, typed="Tournoi de foot")


def import_confirm_case(professional, organisation, coordinator):
    csv = f"prenom;nom;premier_contact\nLéa;Importée;{timezone.localdate():%d/%m/%Y}\n"
    client_for(coordinator).post(reverse("youths:import"), {"file": SimpleUploadedFile("jeunes.csv", csv.encode())})
    pending = PendingImport.objects.get(author=coordinator)
    assert pending.status == ImportStatus.PREVIEW
    url = reverse("youths:import_confirm", args=[pending.pk])
    return Case(coordinator, url, {}, Youth.objects.filter(last_name="Importée"))


def field_start_case(professional, organisation, coordinator):
    place = PlaceFactory(name="Gymnase Jean-Moulin")
    data = {
        "date": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "start_time": "14:00",
        "end_time": "16:00",
        "place": place.pk,
        "mode": "on_foot",
        "staff": [professional.pk],
    }
    rows = OutreachSession.objects.filter(place=place)
    return Case(professional, reverse("outreach:field_home"), data, rows, typed=f'value="{place.pk}" selected')


def appointment_case(professional, organisation, coordinator):
    pathway = PathwayFactory(youth=YouthFactory(identified=True, shared=True), referent=professional)
    starts_at = timezone.localtime() + timedelta(days=3)
    data = {
        "starts_at": starts_at.strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "30",
        "mode": "office",
        "place": "Bureau 12",
        "staff": professional.pk,
    }
    url = reverse("accompaniment:appointment_create", args=[pathway.youth.pk])
    return Case(professional, url, data, Appointment.objects.filter(youth=pathway.youth), typed="Bureau 12")


def online_case(professional, organisation, coordinator):
    data = {
        "date": timezone.localdate().isoformat(),
        "start_time": "00:00",
        "end_time": "00:30",
        "platform": "snapchat",
        "kind": "messages",
        "staff": [professional.pk],
        "messages_sent": "25",
        "replies": "9",
        "contacts_generated": "3",
    }
    rows = OnlineOutreach.objects.filter(messages_sent=25)
    return Case(professional, reverse("outreach:online_create"), data, rows, typed='value="25"')


def place_case(professional, organisation, coordinator):
    data = {"name": "City stade des Roches", "kind": "sports_ground", "is_active": "on"}
    rows = Place.objects.filter(name="City stade des Roches")
    return Case(coordinator, reverse("outreach:place_create"), data, rows, typed="City stade des Roches")


def relay_case(professional, organisation, coordinator):
    data = {"label": "L'entraîneur des U15", "kind": "coach", "is_active": "on"}
    rows = Relay.objects.filter(label="L'entraîneur des U15")
    return Case(professional, reverse("outreach:relays"), data, rows, typed="entraîneur des U15", refused_status=400)


def marked_period_case(professional, organisation, coordinator):
    starts_on = timezone.localdate() + timedelta(days=20)
    data = {
        "label": "Fête du quartier",
        "kind": "local_event",
        "starts_on": starts_on.isoformat(),
        "ends_on": (starts_on + timedelta(days=1)).isoformat(),
    }
    rows = MarkedPeriod.objects.filter(label="Fête du quartier")
    return Case(
        coordinator, reverse("outreach:marked_period_add"), data, rows, typed="Fête du quartier", refused_status=400
    )


SQUARE = [[5.70, 45.17], [5.72, 45.17], [5.72, 45.19], [5.70, 45.19], [5.70, 45.17]]


def territory_case(professional, organisation, coordinator):
    geometry = {"type": "Polygon", "coordinates": [SQUARE]}
    content = json.dumps(
        {
            "type": "FeatureCollection",
            "features": [{"type": "Feature", "properties": {"nom": "Mistral"}, "geometry": geometry}],
        }
    ).encode()
    data = {"name": "Quartiers prioritaires", "file": content}  # bytes: a fresh file for each post (posted())
    rows = TerritoryOutline.objects.filter(name="Quartiers prioritaires")
    url = reverse("outreach:territory_upload")
    return Case(coordinator, url, data, rows, typed="Quartiers prioritaires", refused_status=400)


def directory_import_case(professional, organisation, coordinator):
    day = (timezone.localdate() - timedelta(days=1)).isoformat()
    structure = {
        "source": "dora",
        "id": "dora--s1",
        "nom": "Mission locale",
        "date_maj": day,
        "commune": "Vienne",
        "code_postal": "38200",
        "adresse": "1 place du Marché",
    }
    service = {
        "source": "dora",
        "id": "dora--v1",
        "structure_id": "dora--s1",
        "nom": "Aide au permis",
        "description": "Un accompagnement vers le permis de conduire.",
        "date_maj": day,
        "thematiques": ["mobilite--preparer-un-permis"],
        "publics": ["jeunes"],
        "modes_accueil": ["en-presentiel"],
        "commune": "Vienne",
    }
    export = json.dumps({"structures": [structure], "services": [service]}).encode()
    upload = client_for(coordinator).post(
        reverse("orientation:import"), {"structures": SimpleUploadedFile("export.json", export)}
    )
    url = f"{upload['Location']}appliquer/"
    return Case(coordinator, url, {}, Structure.objects.filter(source_id="dora--s1"))


def participant_case(professional, organisation, coordinator):
    action = ActionFactory(collective=True)
    youth = YouthFactory(identified=True, shared=True)
    url = reverse("accompaniment:participant_add", args=[action.pk])
    rows = Participation.objects.filter(action=action)
    return Case(professional, url, {"youth": youth.pk}, rows, headers=HTMX)


def self_registration_case(professional, organisation, coordinator):
    session = OutreachSessionFactory(date=timezone.localdate(), place=PlaceFactory(), staff=[professional])
    registration = SelfRegistration.objects.create(session=session, nickname="Yaya", phone="06 12 34 56 78")
    url = reverse("outreach:registration_decide", args=[session.pk, registration.pk])
    rows = NamedContact.objects.filter(session=session)
    return Case(professional, url, {"decision": "confirm"}, rows, typed="Yaya", follow=True)


def neighbourhood_case(professional, organisation, coordinator):
    data = {"name": "Champ-Fleuri", "town": "Bourgoin-Jallieu", "kind": "qpv", "is_active": "on"}
    rows = Neighbourhood.objects.filter(name="Champ-Fleuri")
    return Case(coordinator, reverse("partners:neighbourhood_create"), data, rows, typed="Champ-Fleuri")


def staff_account_case(professional, organisation, coordinator):
    data = {
        "email": "lina.roche@example.org",
        "first_name": "Lina",
        "last_name": "Roche",
        "organisation": organisation.pk,
        "role": "professional",
        "is_active": "on",
    }
    rows = User.objects.filter(email="lina.roche@example.org")
    return Case(coordinator, reverse("partners:staff_create"), data, rows, typed="lina.roche@example.org")


def waiting_list_case(professional, organisation, coordinator):
    today = timezone.localdate()
    youth = YouthFactory(identified=True, first_contact_on=today - timedelta(days=40))
    FollowUpFactory(youth=youth, happened_on=today - timedelta(days=30))
    data = {"youths": [youth.pk], "referent": professional.pk, "started_on": today.isoformat()}
    return Case(coordinator, reverse("accompaniment:waiting_list"), data, Pathway.objects.filter(youth=youth))


CASES = {
    "youth": youth_case,
    "follow-up": follow_up_case,
    "action": action_case,
    "exit": exit_case,
    "tally": tally_case,
    "contact": contact_case,
    "report request": report_case,
    "youth report request": youth_report_case,
    "planned session": planned_session_case,
    "import confirm": import_confirm_case,
    "field start": field_start_case,
    "appointment": appointment_case,
    "online outreach": online_case,
    "place": place_case,
    "relay": relay_case,
    "marked period": marked_period_case,
    "territory outlines": territory_case,
    "directory import": directory_import_case,
    "participant": participant_case,
    "self-registration confirm": self_registration_case,
    "neighbourhood": neighbourhood_case,
    "staff account": staff_account_case,
    "waiting list assignment": waiting_list_case,
}


@pytest.fixture
def build(professional, organisation, coordinator, programme, settings, tmp_path):
    settings.REPORTS_ROOT = tmp_path / "reports"

    def build(name):
        case = CASES[name](professional, organisation, coordinator)
        case.data = {**case.data, FIELD: str(uuid.uuid4())}
        return case

    return build


def posted(data):
    """The data of a post: bytes become a file, a fresh one for each post (a file is read once)."""
    return {
        name: SimpleUploadedFile(f"{name}.json", value) if isinstance(value, bytes) else value
        for name, value in data.items()
    }


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("name", CASES)
def test_a_replayed_post_creates_nothing_more_and_answers_like_the_first(build, name):
    case = build(name)
    client = client_for(case.user)
    first = client.post(case.url, posted(case.data), headers=case.headers)
    assert first.status_code in (200, 302), first.content.decode()[:1000]
    assert case.rows.count() == 1
    second = client.post(case.url, posted(case.data), headers=case.headers)
    assert case.rows.count() == 1
    assert second.status_code == first.status_code
    if first.status_code == 302:
        assert second.url == first.url


ONCE_ONLY = {
    "exit": "one exit per pathway",
    "contact": "one contact per person and session",
    "planned session": "staff clash",
    "import confirm": "one import written once",
    "field start": "staff clash",
    "directory import": "one import applied once",
    "participant": "one participation per young person and action",
    "self-registration confirm": "one decision per registration",
    "neighbourhood": "one neighbourhood per name and town",
    "staff account": "one account per e-mail address",
    "waiting list assignment": "one open pathway per young person",
}


@pytest.mark.parametrize("name", CASES)
def test_a_new_token_creates_again(build, name):
    if name in ONCE_ONLY:
        pytest.skip(ONCE_ONLY[name])
    case = build(name)
    client = client_for(case.user)
    client.post(case.url, posted(case.data), headers=case.headers)
    again = {"decision": "different"} if name == "youth" else {}  # past the duplicate check
    client.post(case.url, {**posted(case.data), **again, FIELD: str(uuid.uuid4())}, headers=case.headers)
    assert case.rows.count() == 2


def post_at_once(user, url, data, headers, count=2):
    """`count` threads post the same form at the same moment, each on its own connection."""
    start = threading.Barrier(count)
    responses = [None] * count
    failures = []

    def post(index):
        try:
            client = client_for(user)
            start.wait(timeout=10)
            responses[index] = client.post(url, posted(data), headers=headers)
        except Exception as exc:  # noqa: BLE001 - reported below
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not failures, failures
    return responses


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", CASES)
def test_two_simultaneous_posts_create_one_row(build, name):
    case = build(name)
    responses = post_at_once(case.user, case.url, case.data, case.headers)
    assert [response.status_code < 400 for response in responses] == [True, True]
    assert case.rows.count() == 1
    assert Submission.objects.filter(token=case.data[FIELD]).count() == 1


def test_the_forms_carry_a_token_and_keep_it_when_they_come_back_with_errors(professional_client, programme):
    page = professional_client.get(reverse("youths:create")).content.decode()
    assert f'name="{FIELD}"' in page
    token = str(uuid.uuid4())
    refused = professional_client.post(reverse("youths:create"), {FIELD: token, "first_contact_on": "x"})
    assert refused.status_code == 200
    assert f'value="{token}"' in refused.content.decode()
    assert not Submission.objects.exists()


def test_a_row_form_gets_the_next_token_with_each_row(build):
    case = build("tally")
    client = client_for(case.user)
    response = client.post(case.url, posted(case.data), headers=case.headers)
    assert uuid.UUID(response[NEXT_TOKEN_HEADER]) != uuid.UUID(case.data[FIELD])
    replay = client.post(case.url, posted(case.data), headers=case.headers)
    assert replay.content == b""  # the row is on the page already
    assert NEXT_TOKEN_HEADER in replay


def test_someone_else_cannot_use_a_token(build, colleague):
    case = build("follow-up")
    client_for(case.user).post(case.url, posted(case.data), headers=case.headers)
    other = client_for(colleague).post(case.url, posted(case.data), headers=case.headers)
    assert other.status_code == 400
    assert case.rows.count() == 1


def test_the_daily_retention_run_purges_old_tokens_and_unconfirmed_imports(coordinator, time_machine):
    from reflex.privacy.retention import apply_retention
    from youths.models import PendingImport

    old_token = Submission.objects.create(token=uuid.uuid4(), user=coordinator, path="/")
    old_import = PendingImport.objects.create(author=coordinator, rows=[{"line": 2, "values": {"first_name": "X"}}])
    time_machine.move_to(timezone.now() + timedelta(days=31))
    fresh = Submission.objects.create(token=uuid.uuid4(), user=coordinator, path="/", created_at=timezone.now())
    apply_retention()
    assert list(Submission.objects.all()) == [fresh]
    assert not PendingImport.objects.filter(pk=old_import.pk).exists()
    assert not Submission.objects.filter(pk=old_token.pk).exists()


@pytest.mark.parametrize("name", CASES)
def test_a_post_without_a_token_creates_nothing_and_shows_the_form_again(build, name):
    case = build(name)
    del case.data[FIELD]
    response = client_for(case.user).post(case.url, posted(case.data), headers=case.headers, follow=case.follow)
    assert response.status_code == case.refused_status
    assert case.rows.count() == 0
    assert not Submission.objects.exists()
    page = response.content.decode()
    with translation.override("fr"):
        assert escape(str(submissions.MISSING_TOKEN_MESSAGE)) in page
    assert "rien n&#x27;a été enregistré" in page  # in French
    assert case.typed in page  # nothing typed is lost
    if name != "youth report request":  # a button only: the page with its form again
        assert f'name="{FIELD}"' in page  # with a fresh token: sending it again works


def test_sent_again_with_the_fresh_token_the_form_creates(build):
    case = build("youth")
    del case.data[FIELD]
    client = client_for(case.user)
    page = client.post(case.url, case.data).content.decode()
    fresh = page.split(f'name="{FIELD}" value="', 1)[1].split('"', 1)[0]
    assert client.post(case.url, {**posted(case.data), FIELD: fresh}).status_code == 302
    assert case.rows.count() == 1


def test_an_import_confirmed_without_a_token_keeps_its_ticks(coordinator_client, coordinator, programme):
    YouthFactory(first_name="Léa", last_name="Importée")
    csv = f"prenom;nom;premier_contact\nLéa;Importée;{timezone.localdate():%d/%m/%Y}\n"
    coordinator_client.post(reverse("youths:import"), {"file": SimpleUploadedFile("jeunes.csv", csv.encode())})
    pending = PendingImport.objects.get()
    assert pending.report[0]["status"] == "duplicate"
    url = reverse("youths:import_confirm", args=[pending.pk])
    page = coordinator_client.post(url, {"create_anyway": "2"}).content.decode()
    assert 'value="2" id="anyway-2" checked' in page
    pending.refresh_from_db()
    assert pending.status == ImportStatus.PREVIEW


def test_a_double_click_on_planning_answers_with_the_first_result_not_with_clashes(build):
    """The second post's sessions would clash with the first's (same staff, same truck, same time): the replay is
    recognised before the form is checked."""
    case = build("planned session")
    client = client_for(case.user)
    first = client.post(case.url, case.data)
    second = client.post(case.url, case.data)
    assert first.status_code == second.status_code == 302
    assert second.url == first.url
    assert case.rows.count() == 1


def test_a_view_that_forgets_the_check_cannot_create_unprotected(professional):
    request = RequestFactory().post("/", {})
    request.user = professional
    with pytest.raises(submissions.MissingToken):
        submissions.claim(request)


@pytest.mark.parametrize("name", ["follow-up", "participant"])
def test_a_form_that_comes_back_after_a_replay_carries_a_fresh_token(build, name):
    """An htmx panel answers a double click with its form again: the next entry must not carry the spent token
    (it would be taken for one more replay, and nothing saved)."""
    case = build(name)
    client = client_for(case.user)
    client.post(case.url, posted(case.data), headers=case.headers)
    page = client.post(case.url, posted(case.data), headers=case.headers).content.decode()
    assert f'name="{FIELD}"' in page
    assert case.data[FIELD] not in page
