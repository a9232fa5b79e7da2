"""The indicators page keeps its figures in the cache until any of the data they are computed from changes.

Figures are stored only when no transaction is writing to the source tables, the test's own included: the tests
of the cache itself therefore commit their writes (`transaction=True`), as requests do in production.
"""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from accompaniment.models import Barrier
from outreach.models import Place as OutreachPlace
from reflex import data_version
from reflex.raw_connection import open_connection
from reflex.reports import documents, indicators, live
from reflex.reports.enums import ReportKind
from reflex.reports.models import GeneratedReport, YouthFacts
from tests.partners.factories import TEST_PASSWORD
from tests.submission_tokens import with_token
from tests.tables_read import tables_read
from youths.models import Youth

from .conftest import PERIOD

URL = reverse("reports:indicators")
QUERY = {"start": PERIOD.start.isoformat(), "end": PERIOD.end.isoformat()}
committed = pytest.mark.django_db(transaction=True)


def headline(response):
    return {row["key"]: row["value"] for row in response.context["figures"]["headline"]}


def visit(client):
    """The page, and whether its figures were computed by this request (the facts table is created then)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, QUERY)
    assert response.status_code == 200
    computed = any("reports_youth_facts" in query["sql"] for query in queries.captured_queries)
    return response, computed


def shows_computed_at(response):
    return 'id="figures-computed-at"' in response.content.decode()


@committed
def test_a_second_visit_reads_the_same_figures_from_the_cache(coordinator_client, dataset):
    first, computed = visit(coordinator_client)
    assert computed and not shows_computed_at(first)
    second, computed = visit(coordinator_client)
    assert not computed
    assert second.context["figures"] == first.context["figures"]
    local = timezone.localtime(second.context["computed_at"])
    assert f"Chiffres calculés à {local:%H:%M}." in second.content.decode()


@committed
def test_logging_an_exit_through_the_app_changes_the_figures_of_the_next_visit(coordinator_client, dataset):
    visit(coordinator_client)
    before, computed = visit(coordinator_client)
    assert not computed and headline(before)["exited"] == 1
    pathway = dataset["y7"].pathways.get()
    response = coordinator_client.post(
        reverse("accompaniment:exit_create", args=[pathway.pk]),
        with_token(
            {"outcome": "cdi", "exited_on": "2026-03-20", "employer": "Boulangerie Martin", "contract_type": "cdi"}
        ),
    )
    assert response.status_code == 302
    after, computed = visit(coordinator_client)
    assert computed and not shows_computed_at(after)
    assert headline(after)["exited"] == 2  # Y1 and now Y7


@committed
def test_logging_a_follow_up_through_the_app_changes_the_figures_of_the_next_visit(coordinator_client, dataset):
    visit(coordinator_client)
    before, computed = visit(coordinator_client)
    assert not computed and headline(before)["mobilised"] == 3
    response = coordinator_client.post(
        reverse("accompaniment:follow_up_create", args=[dataset["y3"].pk]),
        with_token({"happened_on": "2026-03-05", "mode": "office", "summary": "Premier entretien"}),
    )
    assert response.status_code == 302
    after, computed = visit(coordinator_client)
    assert computed
    assert headline(after)["mobilised"] == 4  # Y3's first follow-up engages them (stored funnel, refreshed)


def _bulk_update(dataset):
    Youth.objects.filter(pk=dataset["y3"].pk).update(out_of_target_confirmed=True)  # no signal, no save()


def _raw_delete(dataset):
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Barrier._meta.db_table} WHERE category = 'housing'")


@committed
@pytest.mark.parametrize(
    ("write", "key", "expected"),
    [
        (_bulk_update, ("headline", "identified"), 2),  # Y3 left out: Y1, Y7
        (_raw_delete, ("barriers", "identified"), 2),  # Y2's housing barrier gone
    ],
)
def test_a_write_bypassing_the_models_changes_the_figures_of_the_next_visit(
    coordinator_client, dataset, write, key, expected
):
    visit(coordinator_client)
    _before, computed = visit(coordinator_client)
    assert not computed
    write(dataset)
    after, computed = visit(coordinator_client)
    assert computed
    section, name = key
    figures = after.context["figures"]
    value = headline(after)[name] if section == "headline" else figures[section][name]
    assert value == expected


@pytest.fixture
def other_connection():
    """A second connection to the test database, as another request or process would hold."""
    with open_connection() as other:
        yield other


@committed
def test_a_writer_in_another_database_of_the_server_does_not_stop_the_caching(coordinator_client, dataset):
    """pg_locks lists the locks of every database: a writer holding the same lock elsewhere (another copy of the
    app on the same server) is not one of ours."""
    with open_connection("postgres") as elsewhere:
        elsewhere.execute("SELECT pg_advisory_xact_lock_shared(%s, %s)", list(data_version.WRITERS_LOCK))
        visit(coordinator_client)
        _second, computed = visit(coordinator_client)
        assert not computed


@committed
def test_figures_computed_while_another_transaction_writes_are_shown_but_not_kept(
    coordinator_client, dataset, other_connection
):
    """The version moves when the writing statement runs, before the commit: figures computed in between would miss
    the write yet be filed under the new version, so they are not stored."""
    other_connection.execute(
        "UPDATE youths_youth SET out_of_target_confirmed = true WHERE id = %s", [dataset["y3"].pk]
    )
    first, computed = visit(coordinator_client)
    assert computed and headline(first)["identified"] == 3  # the other transaction's write is not committed yet
    second, computed = visit(coordinator_client)
    assert computed, "figures computed while a writer was in flight were kept"
    other_connection.commit()
    third, computed = visit(coordinator_client)
    assert computed and headline(third)["identified"] == 2
    _fourth, computed = visit(coordinator_client)
    assert not computed  # no writer left: kept again


@pytest.mark.django_db
def test_a_transaction_that_wrote_does_not_store_figures(dataset, programme):
    """Its uncommitted rows are visible to it alone (the test's transaction has written the dataset)."""
    version, storable = data_version.data_version()
    assert version is not None and not storable
    live.figures(PERIOD, programme)
    with translation.override("fr"):
        assert cache.get(live.figures_key(version, PERIOD, programme)) is None


def _tampered_entry(programme, **figures):
    with translation.override("fr"):
        key = live.figures_key(data_version.data_version()[0], PERIOD, programme)
    real = indicators.compute(PERIOD, programme)
    cache.set(key, {"value": {**real, **figures}, "computed_at": timezone.now() - timedelta(days=1)})
    return real


def test_the_page_shows_the_day_figures_were_computed_when_not_today(coordinator_client, dataset, programme):
    _tampered_entry(programme)
    response, computed = visit(coordinator_client)
    assert not computed
    day = timezone.localtime(response.context["computed_at"])
    assert f"Chiffres calculés le {day:%d/%m/%Y} à {day:%H:%M}." in response.content.decode()


def test_the_funder_report_computes_its_own_figures_whatever_the_page_cached(
    coordinator_client, coordinator, dataset, programme
):
    """A funder report is a snapshot for the funder: never figures read from the page's cache."""
    real = _tampered_entry(
        programme, headline=[{**row, "value": 999} for row in indicators.compute(PERIOD)["headline"]]
    )
    page, computed = visit(coordinator_client)
    assert not computed and headline(page)["identified"] == 999  # the page reads the entry
    report = GeneratedReport(kind=ReportKind.FUNDER, period_start=PERIOD.start, period_end=PERIOD.end)
    report.author = coordinator
    assert documents.funder_context(report)["figures"]["headline"] == real["headline"]


def test_without_the_version_sequence_the_page_computes_every_time(coordinator_client, dataset, monkeypatch):
    """A database not migrated yet: no caching, and no error."""
    monkeypatch.setattr(data_version, "VERSION_SEQUENCE", "no_such_sequence")
    assert data_version.data_version() == (None, False)
    for _ in range(2):
        response, computed = visit(coordinator_client)
        assert computed and headline(response)["identified"] == 3


STATEMENT_EVENTS = 4 | 8 | 16 | 32  # pg_trigger.tgtype: INSERT, DELETE, UPDATE, TRUNCATE (bit 1, FOR EACH ROW, unset)


def test_every_table_the_indicators_read_has_the_trigger_that_moves_the_version(dataset, programme):
    """A new table read by `indicators.compute()` (directly or through another app's analytics) needs the trigger
    too, in a new migration of reflex/reports: see 0003_indicators_version."""
    with tables_read() as read:
        indicators.compute(PERIOD, programme)
    read.discard(YouthFacts._meta.db_table)  # temporary, per computation
    assert {"youths_youth", "accompaniment_exit", "accompaniment_action"} <= read  # the parsing works
    triggers = installed_triggers()
    assert read - set(triggers) == set()
    assert read <= set(live.source_tables())
    for table, (tgtype, enabled) in triggers.items():
        assert (tgtype & (1 | STATEMENT_EVENTS), enabled) == (STATEMENT_EVENTS, "O"), table


def installed_triggers():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgrelid::regclass::text, tgtype, tgenabled FROM pg_trigger WHERE tgname = %s", [live.TRIGGER]
        )
        return {table: (tgtype, enabled) for table, tgtype, enabled in cursor.fetchall()}


def test_migrate_gives_the_trigger_to_a_source_table_created_later(transactional_db):
    """A source table created by another app after migration 0003 gets its trigger after the migrate (as the owner:
    the application's role may neither drop nor create one)."""
    with open_connection(owner=True, autocommit=True) as owner:
        owner.execute(f"DROP TRIGGER {live.TRIGGER} ON outreach_place")
    assert "outreach_place" not in installed_triggers()
    call_command("migrate", verbosity=0)
    assert "outreach_place" in installed_triggers()
    version = data_version.data_version()[0]
    OutreachPlace.objects.filter(pk=-1).update(name="x")  # a statement, even one changing no row
    assert data_version.data_version()[0] > version


def test_a_login_keeps_the_version_a_change_of_organisation_moves_it(client, coordinator, other_organisation):
    """Staff accounts matter to the indicators through their organisation only: logging in (`last_login`) must not
    throw the cached figures away."""
    version = data_version.data_version()[0]
    assert client.login(email=coordinator.email, password=TEST_PASSWORD)
    coordinator.refresh_from_db()
    assert coordinator.last_login is not None and data_version.data_version()[0] == version
    coordinator.organisation = other_organisation
    coordinator.save()
    assert data_version.data_version()[0] > version
