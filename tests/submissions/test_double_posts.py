"""Every creating form carries a one-time token: a double click, a replay or two simultaneous posts create one row.

The simultaneous posts are real: two threads, each with its own database connection, released together.
"""

import threading
import uuid
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accompaniment.models import Action, Exit, FollowUp
from outreach.models import EncounterTally, NamedContact
from reflex.reports.models import GeneratedReport
from reflex.submissions import FIELD, NEXT_TOKEN_HEADER
from reflex.submissions.models import Submission
from tests.accompaniment.factories import PathwayFactory
from tests.outreach.factories import OutreachSessionFactory, PlaceFactory
from tests.youths.factories import YouthFactory
from youths.models import Youth

HTMX = {"HX-Request": "true"}


@dataclass
class Case:
    user: object
    url: str
    data: dict
    rows: object  # a queryset: how many things exist
    headers: dict | None = None


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
    return Case(professional, reverse("youths:create"), data, Youth.objects.filter(first_name="Inès"))


def follow_up_case(professional, organisation, coordinator):
    youth = YouthFactory(identified=True, shared=True)
    data = {"happened_on": timezone.localdate().isoformat(), "mode": "office", "summary": "Bilan"}
    url = reverse("accompaniment:follow_up_create", args=[youth.pk])
    return Case(professional, url, data, FollowUp.objects.filter(youth=youth), headers=HTMX)


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
    return Case(professional, url, data, Action.objects.filter(pathway=pathway))


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
    return Case(professional, url, data, Exit.objects.filter(pathway=pathway))


def _session(professional):
    return OutreachSessionFactory(
        date=timezone.localdate() - timedelta(days=1), place=PlaceFactory(), staff=[professional]
    )


def tally_case(professional, organisation, coordinator):
    session = _session(professional)
    data = {"count": "6", "new_count": "2", "channel": "direct", "age_band": "18-25", "sex": "M"}
    url = reverse("outreach:tally_add", args=[session.pk])
    return Case(professional, url, data, EncounterTally.objects.filter(session=session), headers=HTMX)


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
    return Case(coordinator, reverse("reports:generate_funder"), data, GeneratedReport.objects.all())


CASES = {
    "youth": youth_case,
    "follow-up": follow_up_case,
    "action": action_case,
    "exit": exit_case,
    "tally": tally_case,
    "contact": contact_case,
    "report request": report_case,
}


@pytest.fixture
def build(professional, organisation, coordinator, programme, settings, tmp_path):
    settings.REPORTS_ROOT = tmp_path / "reports"

    def build(name):
        case = CASES[name](professional, organisation, coordinator)
        case.data = {**case.data, FIELD: str(uuid.uuid4())}
        return case

    return build


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("name", CASES)
def test_a_replayed_post_creates_nothing_more_and_answers_like_the_first(build, name):
    case = build(name)
    client = client_for(case.user)
    first = client.post(case.url, case.data, headers=case.headers)
    assert first.status_code in (200, 302), first.content.decode()[:1000]
    assert case.rows.count() == 1
    second = client.post(case.url, case.data, headers=case.headers)
    assert case.rows.count() == 1
    assert second.status_code == first.status_code
    if first.status_code == 302:
        assert second.url == first.url


@pytest.mark.parametrize("name", CASES)
def test_a_new_token_creates_again(build, name):
    if name in ("exit", "contact"):
        pytest.skip("one exit per pathway, one contact per young person and session")
    case = build(name)
    client = client_for(case.user)
    client.post(case.url, case.data, headers=case.headers)
    again = {"decision": "different"} if name == "youth" else {}  # past the duplicate check
    client.post(case.url, {**case.data, **again, FIELD: str(uuid.uuid4())}, headers=case.headers)
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
            responses[index] = client.post(url, data, headers=headers)
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
    response = client.post(case.url, case.data, headers=case.headers)
    assert uuid.UUID(response[NEXT_TOKEN_HEADER]) != uuid.UUID(case.data[FIELD])
    replay = client.post(case.url, case.data, headers=case.headers)
    assert replay.content == b""  # the row is on the page already
    assert NEXT_TOKEN_HEADER in replay


def test_someone_else_cannot_use_a_token(build, colleague):
    case = build("follow-up")
    client_for(case.user).post(case.url, case.data, headers=case.headers)
    other = client_for(colleague).post(case.url, case.data, headers=case.headers)
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
