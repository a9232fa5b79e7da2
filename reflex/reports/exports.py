"""The XLSX export of a funder report: the figures kept with the report (the PDF's very numbers), one sheet each."""

from io import BytesIO

from django.utils.translation import gettext as _

from reflex.spreadsheet_cells import describe_workbook, keep_header_in_view, name_table, safe_row
from youths.figures import Scope


def _sheet(workbook, title, header, rows):
    safe = "".join(" " if char in "[]:*?/\\" else char for char in str(title))
    sheet = workbook.create_sheet(title=safe[:31])
    keep_header_in_view(sheet)
    sheet.append(safe_row(header))
    for row in rows:
        sheet.append(safe_row(row))  # labels such as an outside provider's name are typed by people
    # The table ends at the first empty row (the headline sheet lists the period and target beneath it).
    table = next((index for index, row in enumerate(rows) if not row), len(rows))
    name_table(sheet, len(header), table + 1)
    return sheet


def _sheet_title(breakdown):
    """A breakdown's sheet title: short enough for Excel's 31 characters, so never cut."""
    short = {
        "sex": _("Sex"),
        "age_band": _("Age band"),
        "residence": _("Residence"),
        "qualification": _("Qualification"),
        "partner": _("Partner"),
    }
    return short.get(breakdown["key"], breakdown["label"])


def funder_rows(figures):
    """(sheet title, header, rows) for every table of the report: the export and the tests read these."""
    period = figures["period"]
    sheets = []
    sheets.append(
        (
            _("Headline"),
            [_("Indicator"), _("Period"), _("Previous period"), _("Change (%)"), _("Cumulated since the start")],
            [
                [row["label"], row["value"], row["previous"], row["change"], row["cumulated"]]
                for row in figures["headline"]
            ]
            + [
                [],
                [_("Period"), period["start"], period["end"]],
                [_("Previous period"), figures["previous_period"]["start"], figures["previous_period"]["end"]],
                [_("Target"), figures["target"]["target"]],
                [_("Pathways started since the start"), figures["target"]["value"]],
                [_("Progress towards the target (%)"), figures["target"]["percent"]],
                [_("Expected by this date at an even pace"), figures["target"].get("expected")],
                [_("Projection at the programme's end at the pace so far"), figures["target"].get("projection")],
                [_("Young people counted"), str(Scope.IN_TARGET.label)],  # the glossary's "scope" line
            ],
        )
    )
    exits = figures["exits"]
    sheets.append(
        (
            _("Exits"),
            [_("Outcome group"), _("Exits")],
            [[row["label"], row["value"]] for row in exits["rows"]]
            + [
                [_("Total"), exits["total"]],
                [_("Durable employment (%)"), exits["durable_job_share"]],
                [_("Job or training"), exits["job_or_training"]],
                [_("Job or training (%)"), exits["job_or_training_share"]],
            ],
        )
    )
    if figures.get("retention"):  # reports generated before it was computed have none
        sheets.append(
            (
                _("Held at +3 and +6 months"),
                [_("Months after the exit"), _("Checks due"), _("Recorded"), _("Held"), _("Share held (%)")],
                [
                    [row["months"], row["due"], row["checked"], row["held"], row["share"]]
                    for row in figures["retention"]
                ],
            )
        )
    sheets.append(
        (
            _("Funnel of the stages"),
            [_("Stage"), _("Young people"), _("Rate from the previous stage (%)")],
            [[row["label"], row["value"], row["rate"]] for row in figures["funnel"]["rows"]]
            + [[_("Lost contact (young people), dropout exits included"), figures["funnel"]["lost"]]],
        )
    )
    headline_labels = {row["key"]: row["label"] for row in figures["headline"]}
    keys = ["identified", "mobilised", "entered", "exited"]
    for breakdown in figures["breakdowns"]:
        sheets.append(
            (
                _sheet_title(breakdown),
                [breakdown["label"], *[headline_labels[key] for key in keys]],
                [[row["label"], *[row[key] for key in keys]] for row in breakdown["rows"]]
                + [[_("Total"), *[breakdown["totals"][key] for key in keys]]],
            )
        )
    outreach = figures.get("outreach")
    if outreach:
        sheets.append(
            (
                _("Outreach"),
                [_("Indicator"), _("Value")],
                [[row["label"], row["value"]] for row in outreach["summary"]]
                + [
                    [
                        _(
                            "Scope: every young person met during outreach, in the programme's target or not "
                            "(anonymous encounters have no age); a young person met twice is two contacts."
                        )
                    ]
                ],
            )
        )
    sheets.append(
        (
            _("Barriers"),
            [_("Category"), _("Identified in the period"), _("Lifted in the period")],
            [[row["label"], row["identified"], row["lifted"]] for row in figures["barriers"]["rows"]]
            + [[_("Total"), figures["barriers"]["identified"], figures["barriers"]["lifted"]]],
        )
    )
    actions = figures["actions"]
    sheets.append(
        (
            _("Actions by type"),
            [_("Category"), _("Individual ones"), _("Collective ones"), _("Done ones")],
            [[row["label"], row["individual"], row["collective"], row["done"]] for row in actions["by_category"]]
            + [[_("Total"), actions["total"]], [_("Young people benefiting"), actions["youths_reached"]]],
        )
    )
    sheets.append(
        (
            _("Actions by provider"),
            [_("Provider"), _("Actions")],
            [[row["label"], row["actions"]] for row in actions["by_provider"]],
        )
    )
    sheets.append(
        (
            _("Time between stages"),
            [_("Stages"), _("Young people"), _("Average (days)"), _("Median (days)")],
            [[row["label"], row["count"], row["average"], row["median"]] for row in figures["durations"]],
        )
    )
    sheets.append(_definitions_sheet())
    return sheets


def _definitions_sheet():
    """How each figure is counted: the glossary (reflex/reports/indicators.py), as the page shows it."""
    from .indicators import glossary

    return (
        _("Definitions"),
        [_("Figure"), _("Definition")],
        [[str(definition.label), str(definition.text)] for definition in glossary()],
    )


def funder_workbook(figures):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    describe_workbook(workbook, _("Funder reports"))
    for title, header, rows in funder_rows(figures):
        _sheet(workbook, title, header, rows)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
