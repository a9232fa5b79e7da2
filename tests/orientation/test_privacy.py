"""Orientations in the young person's subject-access export, and their decline reasons erased on anonymisation."""

from orientation.enums import OrientationStatus
from reflex.privacy import subject_access
from reflex.privacy.anonymisation import anonymise_youth

from .factories import OrientationFactory


def test_subject_access_lists_orientations_and_anonymisation_erases_reasons(barrier, outside_service, coordinator):
    declined = OrientationFactory(
        barrier=barrier, service=outside_service, status=OrientationStatus.DECLINED, decline_reason="Yasmine déménage"
    )
    rows, _ = subject_access._sections(barrier.pathway.youth)
    assert rows["orientations"] == [declined]

    anonymise_youth(barrier.pathway.youth, by=coordinator)
    declined.refresh_from_db()
    assert (declined.status, declined.decline_reason) == (OrientationStatus.DECLINED, "—")
