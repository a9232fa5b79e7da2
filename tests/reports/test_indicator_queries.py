"""How the indicators are computed: a bounded number of queries, exits counted once per young person whatever the
number of their pathways, and the outreach figures computed once per report."""

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accompaniment.enums import ActionCategory, ActionKind, Attendance, ExitOutcome
from accompaniment.models import Action, Exit, Participation, Pathway
from reflex.reports import documents, indicators
from reflex.reports.enums import ReportKind
from reflex.reports.models import GeneratedReport

from .conftest import PERIOD, D


def by_key(rows):
    return {row["key"]: row for row in rows}


@pytest.fixture
def second_pathway(dataset, coordinator, professional):
    """Y5 (exit in the previous period) starts a second pathway and exits again during the period."""
    pathway = Pathway.start(dataset["y5"], referent=professional, by=coordinator, started_on=D(2026, 1, 5))
    Exit.record(pathway, outcome=ExitOutcome.PERMANENT_CONTRACT, exited_on=D(2026, 2, 3), by=professional)
    return pathway


def test_a_young_person_exiting_twice_is_counted_once_per_period(second_pathway, programme):
    figures = indicators.compute(PERIOD, programme)
    exited = by_key(figures["headline"])["exited"]
    assert (exited["value"], exited["previous"], exited["cumulated"]) == (2, 1, 2)  # Y1 and Y5 / Y5 / Y1 and Y5, once
    assert by_key(figures["funnel"]["rows"])["exited"]["value"] == 2
    assert figures["exits"]["durable_job"] == 2  # Y5 counted with the exit of the period, not the previous one
    assert figures["exits"]["total"] == 2
    entered_to_exited = by_key(figures["durations"])["entered_to_exited"]
    assert (entered_to_exited["count"], entered_to_exited["median"]) == (2, 35.5)  # 42 and 29 days


@pytest.mark.parametrize(
    ("second_exit_on", "group_counted"),
    [
        (D(2026, 3, 28), "training"),  # the later exit of the period wins
        (D(2026, 3, 15), "training"),  # same day as the first: the exit recorded last wins
    ],
)
def test_exits_by_group_count_a_young_person_once_with_their_latest_exit_of_the_period(
    dataset, programme, professional, coordinator, second_exit_on, group_counted
):
    """Y1 exits to a permanent contract on 15 March, starts again and exits to a training within the period."""
    pathway = Pathway.start(dataset["y1"], referent=professional, by=coordinator, started_on=D(2026, 3, 15))
    Exit.record(pathway, outcome=ExitOutcome.QUALIFYING_TRAINING, exited_on=second_exit_on, by=professional)
    figures = indicators.compute(PERIOD, programme)
    groups = {row["key"]: row["value"] for row in figures["exits"]["rows"]}
    assert groups[group_counted] == 1 and groups["durable_job"] == 0
    assert (figures["exits"]["total"], figures["exits"]["job_or_training"]) == (1, 1)
    assert by_key(figures["headline"])["exited"]["value"] == 1
    assert by_key(figures["durations"])["entered_to_exited"]["count"] == 2  # every exit of the period


def test_exits_by_group_leave_out_exits_after_the_period_and_count_every_group(dataset, programme, professional):
    """Y2 and Y7 exit after the period: not counted; an exit of each group in the period is counted in its row."""
    Exit.record(
        dataset["y2"].pathways.get(), outcome=ExitOutcome.APPRENTICESHIP, exited_on=D(2026, 4, 2), by=professional
    )
    Exit.record(dataset["y7"].pathways.get(), outcome=ExitOutcome.MOVED, exited_on=D(2026, 3, 31), by=professional)
    exits = indicators.compute(PERIOD, programme)["exits"]
    assert {row["key"]: row["value"] for row in exits["rows"] if row["value"]} == {"durable_job": 1, "moved": 1}
    assert (exits["total"], exits["job_or_training"], exits["durable_job_share"]) == (2, 1, 50.0)


def test_young_people_reached_count_each_once_and_leave_out_the_absent(dataset, programme, organisation):
    workshop = Action.objects.create(
        kind=ActionKind.COLLECTIVE,
        category=ActionCategory.WORKSHOP,
        title="Atelier numérique",
        provider_organisation=organisation,
        starts_on=D(2026, 3, 2),
    )
    Participation.objects.create(action=workshop, youth=dataset["y1"], attendance=Attendance.PRESENT)
    Participation.objects.create(action=workshop, youth=dataset["y7"], attendance=Attendance.ABSENT)
    actions = indicators.compute(PERIOD, programme)["actions"]
    assert actions["youths_reached"] == 3  # still Y1, Y2, Y3: Y1 twice, Y7 absent
    assert by_key(actions["by_category"])["workshop"]["collective"] == 2
    # Partners by full name, then outside bodies: the same order whatever the counts.
    assert [row["label"] for row in actions["by_provider"]] == [
        "Association Tremplin",
        "Mission Locale Nord-Isère",
        "AFPA",
    ]


def test_computing_twice_in_one_transaction_gives_the_same_figures(dataset, programme):
    with transaction.atomic():
        assert indicators.compute(PERIOD, programme) == indicators.compute(PERIOD, programme)


@pytest.mark.parametrize("extra_youths", [0, 30])
def test_the_indicators_page_stays_under_the_query_budget(coordinator_client, dataset, extra_youths):
    from tests.youths.factories import YouthFactory

    YouthFactory.create_batch(extra_youths, identified=True)
    with CaptureQueriesContext(connection) as queries:
        response = coordinator_client.get(reverse("reports:indicators"), {"start": "2026-01-01", "end": "2026-03-31"})
    assert response.status_code == 200
    assert len(queries) <= 22


def test_the_outreach_report_computes_the_outreach_figures_once_and_the_schedule_s_evidence_once(
    dataset, coordinator, monkeypatch
):
    from outreach import analytics

    created = []
    original = analytics.OutreachFigures.__init__

    def counting_init(self, *args, **kwargs):
        created.append(args)
        original(self, *args, **kwargs)

    monkeypatch.setattr(analytics.OutreachFigures, "__init__", counting_init)
    report = GeneratedReport(kind=ReportKind.OUTREACH, period_start=PERIOD.start, period_end=PERIOD.end)
    report.author = coordinator
    context = documents.outreach_context(report)
    # The period's figures once for every table, and the schedule's evidence (three years of it) once.
    assert created == [
        (PERIOD.start, PERIOD.end),
        (datetime.date(PERIOD.end.year - 3, PERIOD.end.month, 1), PERIOD.end),
    ]
    assert context["figures"]["outreach"]["summary"][0]["key"] == "sessions"
    assert "slots" in context["figures"]["schedule"]
