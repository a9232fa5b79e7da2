"""A file of 5,000 lines (the documented maximum) imported through a real worker process: checked in the
background, confirmed, written all at once. (About 40 s in all on the shared 2-core development machine.)"""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from tests.submission_tokens import with_token
from tests.worker.test_worker import DATABASE_BACKEND, start_worker, wait_for  # noqa: F401 - the fixture
from tests.youths.test_import import upload
from youths import funnel
from youths.enums import ImportStatus
from youths.models import FunnelFacts, PendingImport, Youth

LINES = 5000  # the documented maximum
CSV = "prenom;nom;telephone;premier_contact\n" + "".join(
    f"Prénom{n};Nom{n};06{n:08d};01/03/2026\n" for n in range(LINES)
)


def status(pending):
    pending.refresh_from_db()
    return pending.status


@pytest.mark.django_db(transaction=True)
def test_an_import_is_checked_and_written_by_the_worker(start_worker, coordinator, programme):  # noqa: F811
    client = Client()
    client.force_login(coordinator)
    with override_settings(TASKS=DATABASE_BACKEND):
        response = upload(client, CSV)
        pending = PendingImport.objects.get()
        assert response.url == reverse("youths:import_detail", args=[pending.pk])
        page = client.get(response.url).content.decode()
        assert 'hx-trigger="every 2s"' in page and "<progress" in page  # the page polls while the worker checks
        start_worker()
        wait_for(lambda: status(pending) == ImportStatus.PREVIEW, "the check", deadline=240)
        assert pending.done_count == LINES
        assert not Youth.objects.exists()
        client.post(reverse("youths:import_confirm", args=[pending.pk]), with_token())
        wait_for(lambda: status(pending) == ImportStatus.DONE, "the writing", deadline=240)
    assert Youth.objects.count() == pending.created_count == LINES
    assert FunnelFacts.objects.count() == LINES
    assert funnel.stale_youth_ids() == []
    assert pending.rows == [] and pending.report == []
    page = client.get(reverse("youths:import_detail", args=[pending.pk])).content.decode()
    assert "5000 fiches ont été importées." in page and "hx-trigger" not in page
