"""Every indicator against the hand-built dataset of conftest.py; the expected numbers are counted by hand there."""

import pytest

from reflex.reports import indicators

from .conftest import PERIOD, D


def by_key(rows):
    return {row["key"]: row for row in rows}


@pytest.fixture
def figures(dataset, programme):
    return indicators.compute(PERIOD, programme)


def test_the_previous_period_has_the_same_length():
    previous = PERIOD.previous()
    assert (previous.start, previous.end) == (D(2025, 10, 3), D(2025, 12, 31))
    assert previous.days == PERIOD.days == 90


def test_headline_counts_for_the_period_the_previous_one_and_since_the_start(figures):
    headline = by_key(figures["headline"])
    # identified: Y1, Y3, Y7 (Y4 out of target and Y6 merged are left out; Y2 was identified before)
    assert headline["identified"] == {
        "key": "identified",
        "label": headline["identified"]["label"],
        "value": 3,
        "previous": 2,  # Y2, Y5
        "change": 50.0,
        "cumulated": 5,  # Y1, Y2, Y3, Y5, Y7
    }
    assert (headline["mobilised"]["value"], headline["mobilised"]["previous"]) == (3, 1)  # Y1 Y2 Y7 / Y5
    assert headline["mobilised"]["change"] == 200.0
    assert headline["mobilised"]["cumulated"] == 4
    assert (headline["entered"]["value"], headline["entered"]["previous"], headline["entered"]["cumulated"]) == (
        3,
        1,
        4,
    )
    assert (headline["exited"]["value"], headline["exited"]["previous"], headline["exited"]["cumulated"]) == (1, 1, 2)
    assert headline["exited"]["change"] == 0.0


def test_labels_are_french(figures):
    assert by_key(figures["headline"])["identified"]["label"] == "Repérés"


def test_progress_towards_the_target(dataset, programme):
    programme.end_date = D(2027, 8, 31)  # 730 days from 1 September 2025; the period ends on day 212
    figures = indicators.compute(PERIOD, programme)
    assert figures["target"] == {
        "value": 4,
        "target": 190,
        "percent": 2.1,
        "expected": 55,  # 190 × 212 / 730
        "pace_percent": 7.3,
        "projection": 14,  # 4 × 730 / 212
    }


def test_exits_by_group_leave_out_the_out_of_target_youth(figures):
    exits = figures["exits"]
    groups = {row["key"]: row["value"] for row in exits["rows"]}
    assert groups["durable_job"] == 1
    assert groups["training"] == 0  # Y4's training exit is out of target; Y5's was in the previous period
    assert exits["total"] == 1
    assert exits["job_or_training"] == 1
    assert exits["job_or_training_share"] == 100.0
    assert exits["durable_job_share"] == 100.0


def test_funnel_at_the_end_of_the_period(figures):
    rows = by_key(figures["funnel"]["rows"])
    assert [rows[key]["value"] for key in ["contacted", "identified", "mobilised", "entered", "exited"]] == [
        5,
        5,
        4,
        4,
        2,
    ]
    assert [rows[key]["rate"] for key in ["contacted", "identified", "mobilised", "entered", "exited"]] == [
        None,
        100.0,
        80.0,
        100.0,
        50.0,
    ]


def breakdown(figures, key):
    table = by_key(figures["breakdowns"])[key]
    return {
        row["key"]: (row["identified"], row["mobilised"], row["entered"], row["exited"])
        for row in table["rows"]
        if any((row["identified"], row["mobilised"], row["entered"], row["exited"]))
    }


def test_breakdown_by_sex(figures):
    assert breakdown(figures, "sex") == {"F": (1, 1, 1, 1), "M": (2, 2, 2, 0)}


def test_breakdown_by_age_band_at_first_contact(figures):
    assert breakdown(figures, "age_band") == {"16-17": (1, 1, 1, 1), "18-25": (0, 1, 1, 0), "26-29": (2, 1, 1, 0)}


def test_breakdown_by_residence(figures):
    assert breakdown(figures, "residence") == {"qpv": (2, 2, 2, 1), "qva": (0, 1, 1, 0), "other": (1, 0, 0, 0)}


def test_breakdown_by_qualification_level(figures):
    assert breakdown(figures, "qualification") == {
        "infra3": (1, 1, 1, 1),
        "4": (0, 1, 1, 0),
        "3": (1, 0, 0, 0),
        "5+": (1, 1, 1, 0),
    }


def test_breakdown_by_partner_of_the_referent_or_of_the_creator(figures, organisation, other_organisation):
    assert breakdown(figures, "partner") == {organisation.pk: (2, 2, 2, 1), other_organisation.pk: (1, 1, 1, 0)}


def test_breakdown_totals_equal_the_headline(figures):
    headline = by_key(figures["headline"])
    for table in figures["breakdowns"]:
        assert table["totals"] == {key: headline[key]["value"] for key in indicators.HEADLINE_KEYS}, table["key"]


def test_barriers_identified_and_lifted_by_category(figures):
    rows = {row["key"]: (row["identified"], row["lifted"]) for row in figures["barriers"]["rows"]}
    assert rows["mobility"] == (1, 2)  # Y1's identified and lifted; Y5's lifted in the period
    assert rows["housing"] == (1, 0)
    assert rows["health"] == (1, 0)  # Y1's; Y4 is out of target
    assert (figures["barriers"]["identified"], figures["barriers"]["lifted"]) == (3, 2)


def test_actions_by_type_and_provider(figures):
    actions = figures["actions"]
    categories = {row["key"]: (row["individual"], row["collective"], row["done"]) for row in actions["by_category"]}
    assert categories == {"job_search": (1, 0, 1), "training": (1, 0, 0), "workshop": (0, 1, 1)}
    assert {row["label"]: row["actions"] for row in actions["by_provider"]} == {
        "Mission Locale Nord-Isère": 1,
        "AFPA": 1,
        "Association Tremplin": 1,
    }
    assert actions["total"] == 3
    assert actions["youths_reached"] == 3  # Y1, Y2, Y3 (Y4 out of target)


def test_average_and_median_time_between_stages(figures):
    rows = by_key(figures["durations"])
    assert (rows["identified_to_mobilised"]["count"], rows["identified_to_mobilised"]["average"]) == (3, 43.0)
    assert rows["identified_to_mobilised"]["median"] == 58.0  # 10, 58, 61 days
    assert (rows["mobilised_to_entered"]["average"], rows["mobilised_to_entered"]["median"]) == (19.0, 12.0)
    assert (rows["contact_to_entered"]["average"], rows["contact_to_entered"]["median"]) == (62.0, 67.0)
    assert (rows["contact_to_identified"]["count"], rows["contact_to_identified"]["average"]) == (3, 0.0)
    assert (rows["entered_to_exited"]["count"], rows["entered_to_exited"]["median"]) == (1, 42.0)


def test_an_empty_period_gives_zeros_not_errors(dataset, programme):
    figures = indicators.compute(indicators.Period(D(2024, 1, 1), D(2024, 1, 31)), programme)
    assert [row["value"] for row in figures["headline"]] == [0, 0, 0, 0]
    assert figures["exits"]["job_or_training_share"] is None
    assert all(row["median"] is None for row in figures["durations"])


def test_the_glossary_defines_every_headline_indicator():
    keys = {definition.key for definition in indicators.glossary()}
    assert {"identified", "mobilised", "entered", "exited", "durable_job", "job_or_training_share"} <= keys
