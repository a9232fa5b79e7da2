import datetime
from unittest import mock

import psycopg
import pytest
from django.core.management import call_command
from django.db import DatabaseError, transaction
from django.urls import reverse
from django.utils import timezone

from reflex import raw_connection
from reflex.audit.enums import AccessAction
from reflex.audit.journal import database_now, purge_cutoff, record_access
from reflex.audit.models import AccessEntry
from tests.audit.factories import AccessEntryFactory
from tests.partners.factories import UserFactory


def entry_dated(when, **fields):
    with mock.patch("django.utils.timezone.now", return_value=when):
        return AccessEntryFactory(**fields)


def test_record_access_keeps_ids_only(professional):
    entry = record_access(professional, AccessAction.CHANGE, youth=42, obj=professional)
    entry.refresh_from_db()
    assert (entry.user, entry.action, entry.youth_id) == (professional, "change", 42)
    assert (entry.object_type, entry.object_id) == ("partners.user", professional.pk)


# The application's role may not update nor delete entries at all (tests/audit/test_database_roles.py); the trigger
# stands behind that, for the owner.
REFUSED = "permission denied|append-only"


@pytest.mark.django_db
def test_the_database_refuses_to_change_an_entry():
    entry = AccessEntryFactory()
    with pytest.raises(DatabaseError, match=REFUSED), transaction.atomic():
        AccessEntry.objects.filter(pk=entry.pk).update(youth_id=1)
    with pytest.raises(DatabaseError, match=REFUSED), transaction.atomic():
        entry.youth_id = 2
        entry.save()
    entry.refresh_from_db()
    assert entry.youth_id != 2


@pytest.mark.django_db
def test_the_database_refuses_to_delete_an_entry_even_an_old_one():
    old = entry_dated(timezone.now() - datetime.timedelta(days=800))
    with pytest.raises(DatabaseError, match=REFUSED), transaction.atomic():
        old.delete()
    with pytest.raises(DatabaseError, match=REFUSED), transaction.atomic():
        AccessEntry.objects.all().delete()
    assert AccessEntry.objects.filter(pk=old.pk).exists()


@pytest.mark.django_db
def test_the_trigger_refuses_even_the_owner_to_change_or_delete_an_entry():
    owner = raw_connection.open_connection(owner=True)  # a transaction of its own, rolled back
    try:
        (entry_id,) = owner.execute(
            "INSERT INTO audit_accessentry (at, action, object_type, count) VALUES (now(), 'view', '', 1) RETURNING id"
        ).fetchone()
        for statement in (
            "UPDATE audit_accessentry SET youth_id = 1 WHERE id = %s",
            "DELETE FROM audit_accessentry WHERE id = %s",
        ):
            with pytest.raises(psycopg.Error, match="append-only"), owner.transaction():
                owner.execute(statement, [entry_id])
    finally:
        owner.rollback()
        owner.close()


@pytest.mark.django_db
def test_the_purge_function_refuses_a_cutoff_younger_than_six_months():
    from django.db import connection

    entry_dated(timezone.now() - datetime.timedelta(days=100))
    with pytest.raises(DatabaseError, match="6 months"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT audit_purge_access_journal(now() - interval '1 month')")
    assert AccessEntry.objects.count() == 1


@pytest.mark.django_db
def test_purge_command_deletes_entries_past_twelve_months_only():
    now = database_now()  # the purge's clock (tests may move Python's: REFLEX_TEST_NOW)
    old = [entry_dated(now - datetime.timedelta(days=days)) for days in (370, 500)]
    recent = [entry_dated(now - datetime.timedelta(days=days)) for days in (1, 200, 360)]
    call_command("purge_access_journal", "--dry-run")
    assert AccessEntry.objects.count() == 5
    call_command("purge_access_journal")
    assert set(AccessEntry.objects.values_list("pk", flat=True)) == {e.pk for e in recent}
    assert not AccessEntry.objects.filter(pk__in=[e.pk for e in old]).exists()
    # And the door closes again after the purge, in the same transaction.
    with pytest.raises(DatabaseError, match=REFUSED), transaction.atomic():
        recent[0].delete()


def test_the_cutoff_is_twelve_calendar_months_back(settings):
    now = datetime.datetime(2026, 3, 31, 10, tzinfo=datetime.UTC)
    assert purge_cutoff(now) == datetime.datetime(2025, 3, 31, 10, tzinfo=datetime.UTC)
    settings.ACCESS_JOURNAL_RETENTION_MONTHS = 6
    assert purge_cutoff(now) == datetime.datetime(2025, 9, 30, 10, tzinfo=datetime.UTC)


JOURNAL = reverse("audit:journal")


def test_only_coordinators_read_the_journal(client, coordinator_client, professional_client, funder_client):
    assert coordinator_client.get(JOURNAL).status_code == 200
    assert professional_client.get(JOURNAL).status_code == 403
    assert funder_client.get(JOURNAL).status_code == 403
    assert client.get(JOURNAL).status_code == 302


def test_the_journal_filters_by_young_person_user_and_period(coordinator_client, professional, colleague):
    now = timezone.now()
    wanted = entry_dated(now - datetime.timedelta(days=3), user=professional, youth_id=7)
    entry_dated(now - datetime.timedelta(days=3), user=colleague, youth_id=7)
    entry_dated(now - datetime.timedelta(days=3), user=professional, youth_id=8)
    entry_dated(now - datetime.timedelta(days=40), user=professional, youth_id=7)
    start = (now - datetime.timedelta(days=10)).date().isoformat()
    response = coordinator_client.get(JOURNAL, {"youth": 7, "user": professional.pk, "start": start})
    assert response.status_code == 200
    assert [e.pk for e in response.context["page"].object_list] == [wanted.pk]
    assert "Journal des accès" in response.content.decode()


def test_bad_filters_show_a_french_message_not_a_500(coordinator_client):
    response = coordinator_client.get(JOURNAL, {"youth": "abc", "start": "2026-05-01", "end": "2026-04-01"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Saisissez un nombre entier" in content
    assert "La fin de la période" in content


def test_the_journal_page_query_count_does_not_grow_with_entries(
    coordinator_client, django_assert_max_num_queries, organisation
):
    staff = UserFactory.create_batch(10, organisation=organisation)
    AccessEntryFactory.create_batch(120, user=factory_cycle(staff))
    with django_assert_max_num_queries(11):
        response = coordinator_client.get(JOURNAL, {"page": 2})
    assert len(response.context["page"].object_list) == 50


def factory_cycle(items):
    import factory

    return factory.Iterator(items)


def test_the_admin_shows_the_journal_read_only(client, organisation):
    admin = UserFactory(organisation=organisation, is_staff=True, is_superuser=True)
    client.force_login(admin)
    entry = AccessEntryFactory(user=admin)
    assert client.get(reverse("admin:audit_accessentry_changelist")).status_code == 200
    assert client.post(reverse("admin:audit_accessentry_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    assert AccessEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db
def test_the_purge_also_drops_old_login_logs():
    from axes.models import AccessLog

    old = AccessLog.objects.create(username="a@example.org", ip_address="192.0.2.1", user_agent="x")
    AccessLog.objects.filter(pk=old.pk).update(attempt_time=database_now() - datetime.timedelta(days=400))
    recent = AccessLog.objects.create(username="b@example.org", ip_address="192.0.2.1", user_agent="x")
    call_command("purge_access_journal")
    assert list(AccessLog.objects.values_list("pk", flat=True)) == [recent.pk]
