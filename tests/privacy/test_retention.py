"""Retention: records with no contact for RETENTION_YEARS are anonymised, the reports count the same, the old
access journal is purged; --dry-run changes nothing. Dates are relative to today (the command reads the clock)."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from reflex.audit.enums import AccessAction
from reflex.audit.journal import database_now
from reflex.audit.models import AccessEntry
from reflex.privacy.models import FollowUpEvent, YouthEvent
from reflex.privacy.retention import due_for_anonymisation, retention_cutoff
from reflex.privacy.tasks import apply_retention_task
from reflex.reports.indicators import Period, compute
from reflex.typography import french_spacing as fr
from tests.accompaniment.factories import FollowUpFactory
from tests.outreach.factories import NamedContactFactory
from tests.partners.factories import NeighbourhoodFactory
from youths.enums import Sex
from youths.models import Youth

from .conftest import full_youth

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEARS_AGO_3 = TODAY - datetime.timedelta(days=3 * 365)


@pytest.fixture
def people(professional, programme):
    """Two old records, and two whose first contact is as old but who were seen again lately, and a new one."""
    neighbourhood = NeighbourhoodFactory()
    old = full_youth(referent=professional, first_contact_on=YEARS_AGO_3, neighbourhood=neighbourhood)
    old_born_late = full_youth(
        referent=professional,
        first_contact_on=YEARS_AGO_3 + datetime.timedelta(days=3),
        birth_date=datetime.date(YEARS_AGO_3.year - 18, 12, 31),
        sex=Sex.MALE,
    )
    followed_lately = full_youth(referent=professional, first_contact_on=YEARS_AGO_3)
    FollowUpFactory(youth=followed_lately, author=professional, happened_on=TODAY - datetime.timedelta(days=30))
    met_lately = Youth.objects.create(first_name="Inès", phone="0700000000", first_contact_on=YEARS_AGO_3)
    NamedContactFactory(youth=met_lately, session__date=TODAY - datetime.timedelta(days=300))
    new = Youth.objects.create(first_name="Noé", first_contact_on=TODAY - datetime.timedelta(days=10))
    return {"old": [old, old_born_late], "kept": [followed_lately, met_lately, new]}


def old_journal_entry():
    """An entry of 13 months ago by the clock the purge reads (the table refuses updates: inserted as it would have
    been then)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_accessentry (at, action, youth_id, object_type, count) VALUES (%s, 'view', 1, '', 1)",
            [database_now() - datetime.timedelta(days=400)],
        )


def test_the_cutoff_is_retention_years_before_today(settings):
    settings.RETENTION_YEARS = 2
    assert retention_cutoff(datetime.date(2026, 11, 25)) == datetime.date(2024, 11, 25)
    assert retention_cutoff(datetime.date(2028, 2, 29)) == datetime.date(2026, 2, 28)
    settings.RETENTION_YEARS = 3
    assert retention_cutoff(datetime.date(2026, 11, 25)) == datetime.date(2023, 11, 25)


def test_only_records_without_contact_for_two_years_are_due(people):
    assert sorted(due_for_anonymisation().values_list("pk", flat=True)) == sorted(y.pk for y in people["old"])


def test_a_dry_run_lists_ids_without_names_and_changes_nothing(people):
    old_journal_entry()
    snapshot = list(Youth.objects.order_by("pk").values())
    events = YouthEvent.objects.count() + FollowUpEvent.objects.count()
    out = StringIO()

    call_command("apply_retention", "--dry-run", stdout=out)

    output = out.getvalue()
    assert fr("Simulation : rien n'a été modifié.") in output
    assert "2 jeune(s) sans contact depuis le" in output
    for youth in people["old"]:
        assert str(youth.pk) in output
    assert "Yasmine" not in output and "Benaïssa" not in output
    assert "1 entrée(s) du journal des accès seraient supprimée(s)." in output
    assert list(Youth.objects.order_by("pk").values()) == snapshot
    assert YouthEvent.objects.count() + FollowUpEvent.objects.count() == events
    assert AccessEntry.objects.count() == 1


def test_retention_anonymises_the_old_ones_only_and_the_reports_count_the_same(people):
    old_journal_entry()
    period = Period(YEARS_AGO_3 - datetime.timedelta(days=30), TODAY)
    figures_before = compute(period)
    out = StringIO()

    call_command("apply_retention", stdout=out)

    assert "2 jeune(s) sans contact depuis le" in out.getvalue()
    assert compute(period) == figures_before
    for youth in people["old"]:
        youth.refresh_from_db()
        assert youth.anonymised_at is not None and youth.first_name == "" and youth.phone == ""
        assert AccessEntry.objects.filter(action=AccessAction.ANONYMISE, youth_id=youth.pk, user=None).exists()
    for youth in people["kept"]:
        youth.refresh_from_db()
        assert youth.anonymised_at is None and youth.first_name != ""
    assert not AccessEntry.objects.filter(at__lt=database_now() - datetime.timedelta(days=390)).exists()
    # A second run has nothing left to do.
    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert "0 jeune(s)" in out.getvalue()


def test_the_daily_task_runs_the_same_retention(people):
    result = apply_retention_task.enqueue()
    summary = result.return_value
    assert sorted(summary["youth_ids"]) == sorted(y.pk for y in people["old"])
    assert summary["anonymised"] == 2 and summary["dry_run"] is False
    assert Youth.objects.filter(anonymised_at__isnull=False).count() == 2
