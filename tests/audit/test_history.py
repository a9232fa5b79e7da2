"""Change history with django-pghistory on the embedded PostgreSQL 16 (no extension): the staff account proof."""

from django.db import connection
from django.urls import reverse

from reflex.audit.models import StaffAccount, StaffAccountEvent


def test_pghistory_needs_no_postgresql_extension(db):
    """The embedded server ships none. pg_trgm is the one the app adds, and only where the server offers it (for
    the search's indexes, migration youths/0008); nothing depends on it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension ORDER BY 1")
        assert {row[0] for row in cursor.fetchall()} - {"pg_trgm"} == {"plpgsql"}


def test_changing_a_role_through_a_page_records_who_did_it_from_what_to_what(
    coordinator_client, coordinator, professional
):
    response = coordinator_client.post(
        reverse("partners:staff_edit", args=[professional.pk]),
        {
            "first_name": professional.first_name,
            "last_name": professional.last_name,
            "email": professional.email,
            "organisation": professional.organisation_id,
            "role": "coordinator",
            "job_title": "Coordinatrice adjointe",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    events = StaffAccountEvent.objects.filter(pgh_obj=professional.pk).order_by("pgh_id")
    assert [(e.pgh_label, e.role) for e in events] == [("insert", "professional"), ("update", "coordinator")]
    change = events.last()
    assert change.pgh_context.metadata["user"] == coordinator.pk
    assert change.pgh_context.metadata["url"] == reverse("partners:staff_edit", args=[professional.pk])


def test_changes_outside_tracked_fields_add_no_event(professional):
    professional.job_title = "Conseiller"
    professional.save()
    StaffAccount.objects.filter(pk=professional.pk).update(first_name="Karim")
    assert StaffAccountEvent.objects.filter(pgh_obj=professional.pk).count() == 1  # the insert only
