"""Property: for any small history of young people (first contacts, notices, follow-ups, pathways, exits, some out
of target) and any day, the dashboard's definitions (youths/figures.py, accompaniment/figures.py) and the
indicators behind the page, the funder PDF and the XLSX give the same funnel and exits, and the funnel never widens
downwards."""

import datetime
import re

from django.template.loader import render_to_string
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from accompaniment import figures as exit_figures
from accompaniment.enums import ExitOutcome
from accompaniment.models import Exit, FollowUp, Pathway
from reflex.reports import indicators, report_charts
from reflex.reports.exports import funder_rows
from reflex.reports.indicators import Period
from tests.partners.factories import ProgrammeFactory, UserFactory
from youths import figures
from youths.models import Youth

OUTCOMES = [ExitOutcome.PERMANENT_CONTRACT, ExitOutcome.DROPOUT, ExitOutcome.LOST_CONTACT]

young_person = st.fixed_dictionaries(
    {
        "first_contact": st.integers(0, 300),  # days before today
        "notice": st.booleans(),
        "out_of_target": st.booleans(),
        "follow_up_after": st.none() | st.integers(0, 60),
        "pathways": st.lists(
            st.tuples(st.integers(0, 40), st.none() | st.tuples(st.integers(0, 40), st.sampled_from(OUTCOMES))),
            max_size=2,
        ),
    }
)


def _build(history, by):
    today = timezone.localdate()
    for number, person in enumerate(history):
        first = today - datetime.timedelta(days=person["first_contact"])
        youth = Youth.objects.create(
            first_name=f"J{number}",
            last_name="Hypothèse",
            first_contact_on=first,
            phone="06 12 34 56 78",
            information_notice_given_on=first if person["notice"] else None,
            out_of_target_confirmed=person["out_of_target"],
        )
        if person["follow_up_after"] is not None:
            on = min(today, first + datetime.timedelta(days=person["follow_up_after"]))
            FollowUp.objects.create(youth=youth, author=by, happened_on=on, summary="Point")
        start = first
        for delay, exit in person["pathways"]:
            start = min(today, start + datetime.timedelta(days=delay))
            pathway = Pathway.start(youth, referent=by, by=by, started_on=start)
            if exit is None:
                break  # an open pathway: no other one after it
            after, outcome = exit
            start = min(today, start + datetime.timedelta(days=after))
            Exit.record(pathway, outcome=outcome, exited_on=start, by=by)


class SameFiguresEverywhere(TestCase):
    @settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(history=st.lists(young_person, max_size=5), back=st.integers(0, 200))
    def test_the_dashboard_and_the_indicators_agree_for_any_history_and_day(self, history, back):
        today = timezone.localdate()
        programme = ProgrammeFactory(start_date=today - datetime.timedelta(days=400), end_date=today)
        _build(history, UserFactory())
        day = today - datetime.timedelta(days=back)

        report = indicators.compute(Period(programme.start_date, day), programme)
        funnel = {row["key"]: row["value"] for row in report["funnel"]["rows"]}
        counts = figures.facts_in_scope().aggregate(**figures.funnel_aggregates(day, prefix=""))
        dashboard = {key: counts[key] for key, _field in figures.FUNNEL_STEPS}
        dashboard["exited"] = exit_figures.exited_by(day)
        assert funnel == dashboard
        assert report["funnel"]["lost"] == counts["lost"]
        values = list(funnel.values())
        assert values == sorted(values, reverse=True)
        groups = {group.value: n for group, n in exit_figures.exits_by_group(programme.start_date, day)}
        assert groups == {row["key"]: row["value"] for row in report["exits"]["rows"]}

        # The PDF's text and the XLSX print these very numbers.
        html = render_to_string(
            "reports/_figures.html", {"figures": report, "charts": report_charts.funder(report), "in_pdf": True}
        )
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
        sheets = {str(title): rows for title, _header, rows in funder_rows(report)}
        funnel_sheet = next(
            rows for title, rows in sheets.items() if rows and rows[0][0] == report["funnel"]["rows"][0]["label"]
        )
        for row in report["funnel"]["rows"]:
            assert f"{row['label']} {row['value']} " in text
            assert [row["label"], row["value"]] == funnel_sheet[report["funnel"]["rows"].index(row)][:2]
        assert f"Total {report['exits']['total']} " in text
