"""What accompaniment tells the youths app: the funnel facts and the timeline."""

import datetime

from django.utils import translation

from accompaniment.models import Exit
from youths.models import Youth
from youths.timeline import entries_for

from .factories import ActionFactory, BarrierFactory, FollowUpFactory, ParticipationFactory, PathwayFactory


def stage_of(youth):
    return Youth.objects.with_stage().get(pk=youth.pk)


def test_the_funnel_reads_follow_ups_pathways_and_exits(youth, professional):
    assert stage_of(youth).stage == "identified"
    FollowUpFactory(youth=youth, happened_on=datetime.date(2026, 3, 20))
    FollowUpFactory(youth=youth, happened_on=datetime.date(2026, 5, 20))
    youth_now = stage_of(youth)
    assert youth_now.stage == "mobilised" and youth_now.mobilised_on == datetime.date(2026, 3, 20)
    assert youth_now.last_contact_on == datetime.date(2026, 5, 20)
    pathway = PathwayFactory(youth=youth, referent=professional, started_on=datetime.date(2026, 4, 1))
    assert stage_of(youth).stage == "in_pathway"
    Exit.record(pathway, outcome="qualifying", exited_on=datetime.date(2026, 9, 1), by=professional)
    exited = stage_of(youth)
    assert (exited.stage, exited.exited_on, exited.pathway_started_on) == (
        "exited",
        datetime.date(2026, 9, 1),
        datetime.date(2026, 4, 1),
    )


def test_a_new_pathway_after_an_exit_puts_the_young_person_back_in_pathway(youth, professional):
    first = PathwayFactory(youth=youth, referent=professional, started_on=datetime.date(2026, 4, 1))
    Exit.record(first, outcome="lost_contact", exited_on=datetime.date(2026, 6, 1), by=professional)
    lost = stage_of(youth)
    assert lost.lost_on == datetime.date(2026, 6, 1)
    PathwayFactory(youth=youth, referent=professional, started_on=datetime.date(2026, 9, 1))
    back = stage_of(youth)
    assert (back.stage, back.exited_on, back.lost_on) == ("in_pathway", None, None)


def test_the_timeline_lists_everything_in_a_bounded_number_of_queries(
    youth, professional, colleague, django_assert_max_num_queries
):
    pathway = PathwayFactory(youth=youth, referent=professional)
    for _ in range(10):
        FollowUpFactory(youth=youth, author=colleague)
        ActionFactory(pathway=pathway, title="Atelier code")
        BarrierFactory(pathway=pathway)
        ParticipationFactory(youth=youth)
    FollowUpFactory(youth=youth, author=professional, confidential_note=True)
    pathway.change_referent(colleague, reason="Congé", by=professional)
    Exit.record(pathway, outcome="cdi", exited_on=datetime.date(2026, 10, 1), by=professional)
    with django_assert_max_num_queries(10):
        entries = entries_for(youth, professional)
    kinds = {entry.kind for entry in entries}
    assert {"pathway", "referent_change", "follow_up", "action", "barrier", "exit"} <= kinds


def test_the_timeline_hides_confidential_notes_from_others(youth, professional, outsider):
    PathwayFactory(youth=youth, referent=professional)
    FollowUpFactory(youth=youth, author=professional, confidential_note=True)
    with translation.override("fr"):  # whatever language an earlier test's request left active
        details = [entry.detail for entry in entries_for(youth, outsider) if entry.kind == "follow_up"]
    assert details == [f"Note confidentielle, détenue par {professional.get_full_name()}."]
    details = [entry.detail for entry in entries_for(youth, professional) if entry.kind == "follow_up"]
    assert details == ["Difficultés familiales importantes"]


def test_the_timeline_is_empty_for_a_funder(youth, professional, funder):
    PathwayFactory(youth=youth, referent=professional)
    assert [entry for entry in entries_for(youth, funder) if entry.kind == "pathway"] == []
