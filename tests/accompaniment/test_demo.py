import pytest
from django.core.management import call_command
from django.db.models import Count

from accompaniment.enums import ExitGroup, PathwayStatus
from accompaniment.models import Action, Barrier, Exit, ExitCheck, FollowUp, Participation, Pathway
from youths.models import Youth


@pytest.mark.django_db
def test_the_demo_has_pathways_at_every_step_and_adds_nothing_the_second_time():
    call_command("seed_demo")
    counts = [model.objects.count() for model in (Pathway, Barrier, Action, FollowUp, Exit, ExitCheck, Participation)]
    assert all(counts), counts
    call_command("seed_demo")
    assert [m.objects.count() for m in (Pathway, Barrier, Action, FollowUp, Exit, ExitCheck, Participation)] == counts

    assert set(Pathway.objects.values_list("status", flat=True)) == set(PathwayStatus.values)
    assert {exit.group for exit in Exit.objects.all()} == set(ExitGroup)
    frequent = list(Barrier.objects.values("category").annotate(n=Count("pk")).order_by("-n")[:2])
    assert {row["category"] for row in frequent} == {"mobility", "housing"}
    providers = set(Action.objects.exclude(provider_organisation=None).values_list("provider_organisation", flat=True))
    assert len(providers) == 4  # every partner provides actions
    assert Action.objects.filter(kind="collective", participations__isnull=False).exists()
    # Youth.referent follows the latest pathway's referent.
    for pathway in Pathway.objects.open().select_related("youth")[:50]:
        assert pathway.youth.referent_id == pathway.referent_id
    stages = set(Youth.objects.with_stage().values_list("stage", flat=True))
    assert {"mobilised", "in_pathway", "exited"} <= stages
