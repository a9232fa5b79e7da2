"""The application's database role (reflex/audit/database_roles.py), proven against the real server: a role created
inside the test (rolled back with it), given the application's rights, then used with SET ROLE."""

import contextlib
import datetime

import pytest
from django.db import ProgrammingError, connection, transaction

from reflex.audit import checks
from reflex.audit.database_roles import append_only_tables, grant_app_role
from reflex.audit.enums import AccessAction
from reflex.audit.journal import database_now, purge_older_entries, record_access
from reflex.audit.models import AccessEntry
from reflex.data_version import data_version
from reflex.privacy.anonymisation import anonymise_youth
from reflex.privacy.models import YouthEvent
from tests.accompaniment.factories import PathwayFactory
from tests.youths.factories import YouthFactory
from youths.forms import CLEARED_ON_REFUSAL
from youths.models import Youth

pytestmark = pytest.mark.django_db
JOURNAL = AccessEntry._meta.db_table
HISTORY = YouthEvent._meta.db_table


def run(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def refused(sql, params=()):
    """The statement fails for lack of privilege (not because of the journal's trigger, which says otherwise)."""
    with pytest.raises(ProgrammingError) as error, transaction.atomic():
        run(sql, params)
    message = str(error.value)
    assert "permission denied" in message or "must be owner" in message, message


@pytest.fixture
def app_role(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user")
        if not cursor.fetchone()[0]:
            pytest.skip("the test database's role may not create roles")
    name = f"reflex_app_{connection.settings_dict['NAME']}"[:60]
    run(f"CREATE ROLE {connection.ops.quote_name(name)} NOLOGIN")  # rolled back with the test
    grant_app_role(name)
    return name


@contextlib.contextmanager
def acting_as(role):
    run(f"SET ROLE {connection.ops.quote_name(role)}")
    try:
        yield
    finally:
        run("RESET ROLE")


def test_the_app_role_may_only_insert_and_read_the_journal_and_owns_nothing(app_role, coordinator):
    with transaction.atomic():  # the owner can empty the journal (a trigger does not stop TRUNCATE): undone here
        run(f"TRUNCATE {JOURNAL}")
        transaction.set_rollback(True)

    with acting_as(app_role):
        entry = record_access(coordinator, AccessAction.VIEW, youth=1)
        assert AccessEntry.objects.filter(pk=entry.pk).exists()
        refused(f"UPDATE {JOURNAL} SET youth_id = 2")
        refused(f"DELETE FROM {JOURNAL}")
        refused(f"TRUNCATE {JOURNAL}")
        refused(f"DROP TABLE {JOURNAL}")
        refused(f"ALTER TABLE {JOURNAL} DISABLE TRIGGER ALL")
        refused("CREATE TABLE reflex_intruder (id int)")
        refused("INSERT INTO django_migrations (app, name, applied) VALUES ('x', 'x', now())")
        assert checks.check_database_role() == []
    assert [warning.id for warning in checks.check_database_role()] == ["audit.W001"]  # the owner is warned


def test_the_change_history_is_written_by_the_app_role_but_never_altered(app_role):
    assert HISTORY in append_only_tables()
    with acting_as(app_role):
        youth = YouthFactory(first_name="Inès")
        youth.phone = "0612345678"
        youth.save()
        assert YouthEvent.objects.filter(pgh_obj_id=youth.pk).count() == 2
        refused(f"UPDATE {HISTORY} SET first_name = 'X'")
        refused(f"DELETE FROM {HISTORY}")
        refused(f"TRUNCATE {HISTORY}")
        # The erasure function refuses the history of a young person who is not anonymised.
        with pytest.raises(ProgrammingError, match="anonymised"), transaction.atomic():
            run("SELECT privacy_erase_history(%s)", [youth.pk])


def test_what_must_leave_the_journal_and_history_still_leaves_as_the_app_role(app_role, coordinator, professional):
    old = database_now() - datetime.timedelta(days=500)  # the purge's clock
    run(f"INSERT INTO {JOURNAL} (at, action, object_type, count) VALUES (%s, 'view', '', 1)", [old])
    recent = record_access(coordinator, AccessAction.VIEW, youth=3)
    youth = YouthFactory(first_name="Sami", phone="0611223344", notes="Vit chez sa tante")
    PathwayFactory(youth=youth, referent=professional)
    refusing = YouthFactory(first_name="Lina", phone="0699887766", notes="Connue du quartier", nickname="Lili")
    version_before, _storable = data_version()

    with acting_as(app_role):
        assert purge_older_entries() == 1  # the retention purge, through the owner's function
        assert anonymise_youth(youth, by=coordinator)
        refusing.refused_consent = True
        for name in CLEARED_ON_REFUSAL:
            setattr(refusing, name, None if name == "birth_date" else "")
        refusing.save()
        assert data_version()[0] > version_before  # the triggers on the sources move the version as this role

    assert AccessEntry.objects.filter(pk=recent.pk).exists()
    assert not AccessEntry.objects.filter(at__lt=database_now() - datetime.timedelta(days=400)).exists()
    assert not YouthEvent.objects.filter(pgh_obj_id=youth.pk).exists()
    assert Youth.objects.get(pk=youth.pk).anonymised_at is not None
    # Every field a refusal empties is blank in the history too (the function lists them: privacy migration 0003).
    for event in YouthEvent.objects.filter(pgh_obj_id=refusing.pk):
        assert all(getattr(event, name) in ("", None) for name in CLEARED_ON_REFUSAL), event.__dict__
        assert event.nickname == "Lili"
