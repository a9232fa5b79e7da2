"""The application's database role (reflex/audit/database_roles.py), proven against the real server: the whole suite
connects as that role (tests/app_role.py), so these tests use the suite's own connection."""

import datetime

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import ProgrammingError, connection, transaction

from reflex.audit import checks
from reflex.audit.database_roles import append_only_tables
from reflex.audit.enums import AccessAction
from reflex.audit.journal import database_now, purge_older_entries, record_access
from reflex.audit.models import AccessEntry
from reflex.data_version import data_version
from reflex.privacy.anonymisation import anonymise_youth
from reflex.privacy.models import YouthEvent
from tests import app_role
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


def one(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def refused(sql, params=()):
    """The statement fails for lack of privilege (not because of the journal's trigger, which says otherwise)."""
    with pytest.raises(ProgrammingError) as error, transaction.atomic():
        run(sql, params)
    message = str(error.value)
    assert "permission denied" in message or "must be owner" in message, message


def test_the_suite_connects_as_a_role_that_owns_nothing():
    assert app_role.UNAVAILABLE is None, f"The suite runs as the owner: {app_role.UNAVAILABLE} (tests/app_role.py)"
    session_user, current_user, superuser, owned = one(
        "SELECT session_user, current_user, rolsuper,"
        " (SELECT count(*) FROM pg_class JOIN pg_namespace ON pg_namespace.oid = relnamespace"
        "  WHERE nspname = current_schema() AND relowner = pg_roles.oid)"
        " FROM pg_roles WHERE rolname = current_user"
    )
    assert session_user == current_user == connection.settings_dict["USER"]  # logged in as it, not SET ROLE
    assert current_user != settings.DATABASE_OWNER["USER"]
    assert (superuser, owned) == (False, 0)
    assert one("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()")[0] > 50
    assert checks.check_database_role() == []


def test_the_app_role_may_only_insert_and_read_the_journal(coordinator):
    entry = record_access(coordinator, AccessAction.VIEW, youth=1)
    assert AccessEntry.objects.filter(pk=entry.pk).exists()
    refused(f"UPDATE {JOURNAL} SET youth_id = 2")
    refused(f"DELETE FROM {JOURNAL}")
    refused(f"TRUNCATE {JOURNAL}")
    refused(f"DROP TABLE {JOURNAL}")
    refused(f"ALTER TABLE {JOURNAL} DISABLE TRIGGER ALL")
    refused("CREATE TABLE reflex_intruder (id int)")
    refused("INSERT INTO django_migrations (app, name, applied) VALUES ('x', 'x', now())")


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_journal_as_the_owner(coordinator):
    """What the suite does after each transactional test (reflex/audit/management/commands/flush.py)."""
    record_access(coordinator, AccessAction.VIEW, youth=1)
    refused(f"TRUNCATE {JOURNAL}")
    call_command("flush", interactive=False, verbosity=0)
    assert not AccessEntry.objects.exists()
    assert one("SELECT current_user")[0] == connection.settings_dict["USER"] != settings.DATABASE_OWNER["USER"]


def test_the_change_history_is_written_by_the_app_role_but_never_altered():
    assert HISTORY in append_only_tables()
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


def test_what_must_leave_the_journal_and_history_still_leaves_as_the_app_role(coordinator, professional):
    old = database_now() - datetime.timedelta(days=500)  # the purge's clock
    run(f"INSERT INTO {JOURNAL} (at, action, object_type, count) VALUES (%s, 'view', '', 1)", [old])
    recent = record_access(coordinator, AccessAction.VIEW, youth=3)
    youth = YouthFactory(first_name="Sami", phone="0611223344", notes="Vit chez sa tante")
    PathwayFactory(youth=youth, referent=professional)
    refusing = YouthFactory(first_name="Lina", phone="0699887766", notes="Connue du quartier", nickname="Lili")
    version_before, _storable = data_version()

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
