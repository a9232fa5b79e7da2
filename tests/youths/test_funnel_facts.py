"""The stored funnel facts follow every change of the rows they derive from (see youths/funnel.py).

Besides these tests, every database test of the suite ends by comparing the stored facts with the facts computed
afresh (tests/conftest.py: `funnel_facts_stay_current`).
"""

import datetime

import pytest
from django.core.management import CommandError, call_command

from outreach.enums import SessionStatus
from tests.accompaniment.factories import FollowUpFactory, PathwayFactory
from tests.outreach.factories import NamedContactFactory, OutreachSessionFactory
from tests.youths.factories import YouthFactory
from youths import funnel
from youths.enums import Stage
from youths.models import FunnelFacts, Youth

D = datetime.date
pytestmark = pytest.mark.django_db


def stage_of(youth):
    row = Youth.objects.with_stage().get(pk=youth.pk)
    return row.stage, row.stage_on


def test_a_second_outreach_contact_mobilises_and_cancelling_its_session_withdraws_it():
    youth = YouthFactory(identified=True)
    NamedContactFactory(youth=youth, session=OutreachSessionFactory(done=True, date=D(2026, 4, 1)))
    second = OutreachSessionFactory(done=True, date=D(2026, 4, 8))
    NamedContactFactory(youth=youth, session=second)
    assert stage_of(youth) == (Stage.MOBILISED, D(2026, 4, 8))

    second.status = SessionStatus.CANCELLED
    second.save()
    assert stage_of(youth)[0] == Stage.IDENTIFIED


def test_a_follow_up_moved_to_another_young_person_refreshes_both():
    first, second = YouthFactory(), YouthFactory()
    follow_up = FollowUpFactory(youth=first, happened_on=D(2026, 5, 4))
    assert stage_of(first) == (Stage.MOBILISED, D(2026, 5, 4))

    follow_up.youth = second
    follow_up.save()
    assert stage_of(first)[0] == Stage.CONTACTED
    assert stage_of(second) == (Stage.MOBILISED, D(2026, 5, 4))

    follow_up.delete()
    assert stage_of(second)[0] == Stage.CONTACTED


def test_deleting_a_pathway_or_a_young_person_leaves_no_stale_facts():
    pathway = PathwayFactory(started_on=D(2026, 6, 1))
    youth = pathway.youth
    FollowUpFactory(youth=youth, pathway=pathway, happened_on=D(2026, 6, 3))
    assert stage_of(youth) == (Stage.IN_PATHWAY, D(2026, 6, 1))

    pathway.delete()
    assert stage_of(youth) == (Stage.MOBILISED, D(2026, 6, 3))

    youth.delete()  # its follow-ups go first, refreshing the facts of a record about to disappear
    assert not FunnelFacts.objects.filter(youth_id=youth.pk).exists()


def test_refresh_funnel_finds_and_repairs_facts_changed_behind_the_apps_back():
    youth = YouthFactory()
    FollowUpFactory(youth=youth, happened_on=D(2026, 5, 4))
    call_command("refresh_funnel", "--check")
    FunnelFacts.objects.filter(youth=youth).update(mobilised_on=None)  # no signal: what raw SQL would do
    assert funnel.stale_youth_ids() == [youth.pk]
    with pytest.raises(CommandError, match="1 records"):
        call_command("refresh_funnel", "--check")

    call_command("refresh_funnel")
    assert funnel.stale_youth_ids() == []
    assert stage_of(youth)[0] == Stage.MOBILISED
