"""One definition per figure: the dashboard, the coordinator's home page and the indicators page (hence the funder
PDF and the XLSX, which render the indicators' snapshot) give the same funnel and exits for the same scope and day,
and the contradictions once seen on the demo data cannot come back:
- the dashboard counted out-of-target young people and every exit row, the indicators neither;
- the funnel showed more engaged than identified young people ("106,7 %");
- "Dropped out / lost contact 1" beside "Lost contact 0" (a dropout exit made the stage "exited", never "lost").
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accompaniment.enums import ExitGroup, ExitOutcome
from accompaniment.models import Exit, FollowUp, Pathway
from outreach.enums import AgeBand
from reflex.reports import indicators
from reflex.reports.indicators import Period
from tests.partners.factories import ProgrammeFactory
from youths import figures
from youths.models import Youth

pytestmark = pytest.mark.django_db


def _ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def _youth(name, first_contact_on, *, identified=True, **fields):
    return Youth.objects.create(
        first_name=name,
        last_name="Testeur",
        first_contact_on=first_contact_on,
        birth_date=first_contact_on.replace(year=first_contact_on.year - 20),
        phone="06 12 34 56 78" if identified else "",
        information_notice_given_on=first_contact_on if identified else None,
        **fields,
    )


def _pathway_with_exit(youth, started, exited, outcome, by):
    pathway = Pathway.start(youth, referent=by, by=by, started_on=started)
    if exited is not None:
        Exit.record(pathway, outcome=outcome, exited_on=exited, by=by)
    return pathway


@pytest.fixture
def history(coordinator, professional):
    today = timezone.localdate()
    programme = ProgrammeFactory(start_date=_ago(400), end_date=today + datetime.timedelta(days=300))
    lost = _youth("Lina", _ago(60))  # engaged, pathway, then dropped out
    FollowUp.objects.create(youth=lost, author=professional, happened_on=_ago(50), summary="Point")
    _pathway_with_exit(lost, _ago(40), _ago(20), ExitOutcome.DROPOUT, professional)
    engaged = _youth("Enzo", _ago(45), identified=False)  # engaged before the notice was noted
    FollowUp.objects.create(youth=engaged, author=professional, happened_on=_ago(30), summary="Point")
    twice = _youth("Tom", _ago(200))  # two pathways, two exits: one young person exited
    _pathway_with_exit(twice, _ago(190), _ago(100), ExitOutcome.PERMANENT_CONTRACT, professional)
    _pathway_with_exit(twice, _ago(15), _ago(5), ExitOutcome.PERMANENT_CONTRACT, professional)
    out = _youth("Omar", _ago(30), out_of_target_confirmed=True)  # left out of every figure
    _pathway_with_exit(out, _ago(25), _ago(10), ExitOutcome.PERMANENT_CONTRACT, professional)
    _youth("Ines", _ago(10))  # identified only
    return programme


def _indicators(programme):
    return indicators.compute(Period(programme.start_date, timezone.localdate()), programme)


def test_the_dashboard_the_home_page_and_the_indicators_give_the_same_funnel_and_exits(coordinator_client, history):
    report = _indicators(history)
    funnel = {row["key"]: row["value"] for row in report["funnel"]["rows"]}
    assert funnel == {"contacted": 4, "identified": 4, "mobilised": 3, "entered": 2, "exited": 2}

    dashboard = coordinator_client.get(reverse("accompaniment:dashboard")).context
    assert [count for _label, count, _percent in dashboard["funnel"]] == list(funnel.values())
    assert dashboard["exits_total"] == report["exits"]["total"] == 2  # people, not the three exit rows
    by_group = {group.value: count for group, count in dashboard["exits_by_group"]}
    assert by_group == {row["key"]: row["value"] for row in report["exits"]["rows"]}
    assert dashboard["scope_label"] == figures.Scope.IN_TARGET.label

    home = coordinator_client.get(reverse("home")).context["accompaniment"]
    assert (home["mobilised"], home["in_pathway"], home["exits"]) == (3, 2, 2)


def test_no_stage_of_the_funnel_shows_more_young_people_than_the_one_before(history):
    rows = _indicators(history)["funnel"]["rows"]
    values = [row["value"] for row in rows]
    assert values == sorted(values, reverse=True)
    assert all(row["rate"] is None or row["rate"] <= 100 for row in rows)


def test_a_dropout_exit_counts_as_lost_contact_in_the_funnel_as_in_the_exits(history):
    report = _indicators(history)
    dropouts = {row["key"]: row["value"] for row in report["exits"]["rows"]}[ExitGroup.DROPOUT.value]
    assert dropouts == 1
    assert report["funnel"]["lost"] == 1


def test_a_young_person_met_again_after_a_dropout_is_no_longer_lost(history, professional):
    lina = Youth.objects.get(first_name="Lina")
    FollowUp.objects.create(youth=lina, author=professional, happened_on=_ago(2), summary="Revue")
    assert _indicators(history)["funnel"]["lost"] == 0


def test_the_age_bands_are_defined_once():
    assert set(figures.AGE_BANDS) == {band.value for band in AgeBand if band != AgeBand.UNKNOWN}
    assert AgeBand.UNKNOWN.value == figures.UNKNOWN_AGE


def test_jobs_and_trainings_held_at_three_and_six_months(history):
    from accompaniment.models import ExitCheck

    tom = Youth.objects.get(first_name="Tom")
    due = ExitCheck.objects.filter(exit__pathway__youth=tom, due_on__lte=timezone.localdate())
    assert [check.months for check in due] == [3]  # the first exit's +3 months check; the others are not due
    due.update(held=True, checked_on=timezone.localdate())

    retention = _indicators(history)["retention"]

    assert retention == [
        {"months": 3, "due": 1, "checked": 1, "held": 1, "share": 100.0},
        {"months": 6, "due": 0, "checked": 0, "held": 0, "share": None},
    ]
