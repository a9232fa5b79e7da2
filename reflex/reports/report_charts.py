"""The SVG charts of the reports, drawn by the shared `reflex.charts` from the figures of `indicators`.

Each chart is {"title": text, "svg": safe inline SVG (no style attribute)}; pages and PDFs embed it through
templates/reports/_chart.html. Every chart writes its values on its marks. The charts drawn beside a table (exits;
outreach by mode, beside the online figures) are narrower (`SIDE`), so that their text keeps its size on half a
page.
"""

from django.utils.translation import gettext as _

from reflex import charts


def _chart(function, items, *, title, **options):
    return {"title": title, "svg": function(items, title=title, **options)}


SIDE = {"width": 320, "label_width": 150, "bar_height": 20}


def funder(figures):
    """Charts of the funder report (and of the indicators page), from its figures."""
    target = figures["target"]
    target_bars = [(_("Target"), target["target"])]
    if target.get("expected") is not None:  # reports generated before the pace was computed have none
        target_bars.append((_("Expected by this date at an even pace"), target["expected"]))
    target_bars.append((_("Pathways started"), target["value"]))
    result = {
        "funnel": _chart(
            charts.funnel_chart,
            [(row["label"], row["value"]) for row in figures["funnel"]["rows"]],
            title=_("Funnel at the end of the period"),
            step_height=28,
        ),
        "exits": _chart(
            charts.hbar_chart,
            [(row["label"], row["value"]) for row in figures["exits"]["rows"] if row["value"]],
            title=_("Exits by outcome group"),
            empty_text=_("No exit in this period."),
            **SIDE,
        ),
        "barriers": _chart(
            charts.hbar_chart,
            [(row["label"], row["identified"]) for row in figures["barriers"]["rows"] if row["identified"]],
            title=_("Barriers identified, by category"),
            empty_text=_("No barrier identified in this period."),
            label_width=230,
        ),
        "target": _chart(
            charts.hbar_chart,
            target_bars,
            title=_("Progress towards the target"),
            bar_height=20,
            label_width=300,
        ),
    }
    if figures.get("outreach"):
        result["outreach"] = outreach_by_mode(figures["outreach"], width=SIDE["width"])
    return result


def outreach_by_mode(outreach, width=640):
    return _chart(
        charts.bar_chart,
        [(row["label"], row["reach_per_staff_hour"]) for row in outreach["by_mode"]],
        title=_("Contacts per staff-hour, by mode"),
        empty_text=_("No outreach session in this period."),
        height=220,
        width=width,
    )


def outreach(outreach_figures):
    """Charts of the outreach report."""
    if not outreach_figures:
        return {}
    grid = outreach_figures.get("heat_map") or {"weekdays": [], "hours": [], "matrix": []}
    return {
        "by_mode": outreach_by_mode(outreach_figures),
        "places": _chart(
            charts.hbar_chart,
            [(row["label"], row["reach_per_staff_hour"]) for row in outreach_figures.get("by_place", [])[:15]],
            title=_("Places by contacts per staff-hour"),
            empty_text=_("No outreach session in this period."),
            label_width=230,
        ),
        "heat_map": {
            "narrow": True,
            "title": _("Contacts per staff-hour, by weekday and hour of start"),
            "svg": charts.heat_map(
                grid["weekdays"],
                grid["hours"],
                grid["matrix"],
                title=_("Contacts per staff-hour, by weekday and hour of start"),
                empty_text=_("No outreach session in this period."),
            ),
        },
        "by_season": _chart(
            charts.bar_chart,
            [(row["label"], row["reach_per_staff_hour"]) for row in outreach_figures.get("by_season", [])],
            title=_("Contacts per staff-hour, by season"),
            empty_text=_("No outreach session in this period."),
            height=200,
        ),
        "by_month": _chart(
            charts.line_chart,
            [(row["label"], row["reach"]) for row in outreach_figures.get("by_month", [])],
            title=_("Contacts, month by month"),
            empty_text=_("No outreach session in this period."),
        ),
    }
