"""The daily check of the stored copies: it finds a drift injected behind the app's back (raw SQL, as a restore or
a forgotten write path would leave), repairs it, journals it, shows it to administrators, and queues its next run
for the worker."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from outreach import session_figures
from outreach.models import FirstNamedContact, SessionFigures
from reflex import raw_connection
from reflex.reports import derived_check, live
from reflex.reports.models import DerivedDataCheck
from reflex.reports.tasks import check_derived_data_task
from tests.accompaniment.factories import FollowUpFactory
from tests.outreach.factories import NamedContactFactory, OutreachSessionFactory, TallyFactory
from tests.partners.factories import UserFactory
from tests.youths.factories import YouthFactory
from youths import funnel
from youths.models import FunnelFacts, Youth

pytestmark = pytest.mark.django_db


def _days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def _inject_drift(youth, session):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE youths_funnelfacts SET mobilised_on = NULL WHERE youth_id = %s", [youth.pk])
        cursor.execute("UPDATE outreach_sessionfigures SET encounters = 999 WHERE session_id = %s", [session.pk])
        cursor.execute("DELETE FROM outreach_firstnamedcontact WHERE youth_id = %s", [youth.pk])
        cursor.execute("UPDATE youths_youth SET name_key = 'stale' WHERE id = %s", [youth.pk])


def test_the_check_finds_an_injected_drift_repairs_and_journals_it(client, organisation):
    youth = YouthFactory(first_contact_on=_days_ago(40))
    FollowUpFactory(youth=youth, happened_on=_days_ago(20))
    session = OutreachSessionFactory(done=True, date=_days_ago(10))
    TallyFactory(session=session, count=7)
    NamedContactFactory(session=session, youth=youth)
    _inject_drift(youth, session)
    assert funnel.stale_youth_ids() == [youth.pk]

    result = check_derived_data_task.enqueue()  # the tests' immediate backend runs it now

    assert result.return_value["rows_repaired"] == 4
    check = DerivedDataCheck.objects.get()
    assert check.drift == {
        "outreach.FirstNamedContact": [youth.pk],
        "outreach.SessionFigures": [session.pk],
        "youths.FunnelFacts": [youth.pk],
        "youths.identity_keys": [youth.pk],
    }
    assert FunnelFacts.objects.get(youth=youth).mobilised_on == _days_ago(20)
    assert SessionFigures.objects.get(session=session).encounters == 7
    assert FirstNamedContact.objects.get(youth=youth).session_id == session.pk
    assert live.tables_without_trigger() == []
    assert Youth.objects.get(pk=youth.pk).name_key != "stale"
    assert funnel.stale_youth_ids() == []
    assert session_figures.stale() == {"sessions": [], "youths": []}

    admin = UserFactory(organisation=organisation, is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = client.get(reverse("admin:reports_deriveddatacheck_changelist"))
    assert page.status_code == 200
    assert "outreach.SessionFigures" in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_missing_trigger_is_reported_for_the_owner_to_reinstall():
    """Only the owner can drop a trigger, or create one: the check, run as the application's role, journals the
    missing one and says that `migrate` (as the owner) installs it; it does."""
    with raw_connection.open_connection(owner=True, autocommit=True) as owner:
        owner.execute(f"DROP TRIGGER {live.TRIGGER} ON outreach_encountertally")

    check = derived_check.check_and_repair()

    assert check.drift == {"reports.data_version_triggers": ["outreach_encountertally"]}
    assert check.rows_repaired == 0 and "manage.py migrate" in check.error
    call_command("migrate", verbosity=0)
    assert live.tables_without_trigger() == []


def test_a_check_without_drift_journals_a_clean_run():
    session = OutreachSessionFactory(done=True, date=_days_ago(3))
    TallyFactory(session=session, count=2)

    check = derived_check.check_and_repair()

    assert (check.drift, check.rows_repaired, check.error, check.found_drift) == ({}, 0, "", False)


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_one_run_is_kept_queued_for_the_worker():
    from django_tasks_db.models import DBTaskResult

    derived_check.ensure_scheduled()
    derived_check.ensure_scheduled()  # after another migrate: still one

    queued = DBTaskResult.objects.filter(task_path=check_derived_data_task.module_path)
    assert queued.count() == 1
    assert queued.get().run_after <= timezone.now()


def test_the_next_run_is_the_coming_night():
    now = timezone.localtime()
    run = derived_check.next_run(now)
    assert now < run <= now + datetime.timedelta(days=1)
    assert (run.hour, run.minute) == (derived_check.RUN_AT.hour, derived_check.RUN_AT.minute)


def test_the_command_reports_drift_then_repairs_it():
    from django.core.management import CommandError

    session = OutreachSessionFactory(done=True, date=_days_ago(3))
    TallyFactory(session=session, count=2)
    call_command("check_derived_data")  # nothing drifted
    with connection.cursor() as cursor:
        cursor.execute("UPDATE outreach_sessionfigures SET encounters = 0 WHERE session_id = %s", [session.pk])

    with pytest.raises(CommandError, match="outreach.SessionFigures: 1 rows differ"):
        call_command("check_derived_data")
    call_command("check_derived_data", "--repair")

    assert SessionFigures.objects.get(session=session).encounters == 2
    assert DerivedDataCheck.objects.get().rows_repaired == 1
