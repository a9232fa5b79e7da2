"""After a merge, every stored copy about the kept record equals a fresh computation: its referent (the referent of
its pathways), the stored funnel, the outreach first contacts and session figures, and the data version."""

import datetime

import pytest
from django.utils import timezone

from accompaniment.models import Pathway
from accompaniment.youth_facts import youths_with_stale_referent
from outreach import session_figures
from outreach.models import FirstNamedContact
from reflex.data_version import data_version
from tests.accompaniment.factories import FollowUpFactory, PathwayFactory
from tests.outreach.factories import NamedContactFactory, OutreachSessionFactory
from tests.youths.factories import YouthFactory
from youths import funnel
from youths.duplicates import merge
from youths.models import FunnelFacts, Youth

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def two_records(professional, colleague):
    """The kept record: an ended pathway with `professional`, a follow-up, a named contact 100 days ago. The merged
    record: an open pathway with `colleague`, a follow-up, a named contact 400 days ago (the earlier one)."""
    kept = YouthFactory(first_name="Élodie", first_contact_on=days_ago(420))
    merged = YouthFactory(first_name="Elodie", first_contact_on=days_ago(410))
    kept_pathway = PathwayFactory(
        youth=kept, referent=professional, started_on=days_ago(300), status="ended", ended_on=days_ago(200)
    )
    merged_pathway = PathwayFactory(youth=merged, referent=colleague, started_on=days_ago(60))
    FollowUpFactory(youth=kept, author=professional, pathway=kept_pathway, happened_on=days_ago(250))
    FollowUpFactory(youth=merged, author=colleague, pathway=merged_pathway, happened_on=days_ago(30))
    late_session = OutreachSessionFactory(done=True, date=days_ago(100))
    early_session = OutreachSessionFactory(done=True, date=days_ago(400))
    NamedContactFactory(youth=kept, session=late_session)
    NamedContactFactory(youth=merged, session=early_session)
    kept.refresh_from_db()
    merged.refresh_from_db()
    return kept, merged, early_session


def test_a_merge_through_the_page_keeps_every_copy_about_the_kept_record_in_step(
    coordinator_client, professional, colleague, two_records
):
    kept, merged, early_session = two_records
    assert (kept.referent, merged.referent) == (professional, colleague)
    version_before, _storable = data_version()

    response = coordinator_client.post(f"/jeunes/{kept.pk}/fusionner/", {"other": merged.pk, "keep": kept.pk})

    assert response.status_code == 302
    kept.refresh_from_db()
    # Both pathways are the kept record's now; its open one is with the colleague, who is therefore its referent.
    assert set(Pathway.objects.filter(youth=kept).values_list("referent", flat=True)) == {
        professional.pk,
        colleague.pk,
    }
    assert kept.referent == colleague
    assert youths_with_stale_referent() == []
    # The stored funnel is the one computed now, referent included (lists and counts read it).
    facts = FunnelFacts.objects.get(youth=kept)
    assert facts.referent_id == colleague.pk
    assert facts.pathway_started_on == days_ago(300)
    assert facts.mobilised_on == days_ago(250)
    assert facts.last_contact_on == days_ago(30)
    assert facts.stage == "in_pathway"
    assert FunnelFacts.objects.get(youth=merged).current is False
    assert funnel.stale_youth_ids() == []
    # Who may see the record follows: the colleague now, no longer the former referent (nothing is shared).
    assert Youth.objects.visible_to(colleague).filter(pk=kept.pk).exists()
    assert not Youth.objects.visible_to(professional).filter(pk=kept.pk).exists()
    assert FunnelFacts.objects.visible_to(colleague).filter(youth=kept).exists()
    assert not FunnelFacts.objects.visible_to(professional).filter(youth=kept).exists()
    # The outreach copies: the kept record's first named contact is the merged record's earlier one.
    assert FirstNamedContact.objects.get(youth=kept).session_id == early_session.pk
    assert not FirstNamedContact.objects.filter(youth=merged).exists()
    assert session_figures.stale() == {"sessions": [], "youths": []}
    # Figures cached before the merge are not read again.
    assert data_version()[0] > version_before


def test_a_record_keeps_the_referent_of_its_own_open_pathway_when_the_other_cannot_move(
    coordinator, professional, colleague
):
    """Two open pathways: the merged record keeps its own (see test_duplicates), and each record keeps its referent."""
    kept, merged = YouthFactory(first_name="Inès"), YouthFactory(first_name="Ines")
    PathwayFactory(youth=kept, referent=professional, started_on=days_ago(90))
    PathwayFactory(youth=merged, referent=colleague, started_on=days_ago(20))

    merge(kept, merged, coordinator)

    kept.refresh_from_db()
    merged.refresh_from_db()
    assert (kept.referent, merged.referent) == (professional, colleague)
    assert FunnelFacts.objects.get(youth=kept).referent_id == professional.pk
    assert youths_with_stale_referent() == []


def test_a_record_without_pathway_takes_the_referent_of_the_pathways_it_receives(coordinator, professional):
    kept, merged = YouthFactory(first_name="Sami"), YouthFactory(first_name="Samy")
    PathwayFactory(youth=merged, referent=professional, started_on=days_ago(10))

    merge(kept, merged, coordinator)

    kept.refresh_from_db()
    assert kept.referent == professional
    assert FunnelFacts.objects.get(youth=kept).referent_id == professional.pk
    assert youths_with_stale_referent() == []
