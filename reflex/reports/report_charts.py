"""The SVG charts of the reports, drawn by the shared `reflex.charts` from the figures of `indicators`.

Charts are safe markup strings (inline SVG, no style attribute) that pages and PDFs embed as they are.
"""

from django.utils.translation import gettext as _

from reflex import charts


def funder(figures):
    """Charts of the funder report (and of the indicators page), from its figures."""
    result = {
        "funnel": charts.funnel_chart(
            [(row["label"], row["value"]) for row in figures["funnel"]["rows"]],
            title=_("Funnel at the end of the period"),
        ),
        "exits": charts.hbar_chart(
            [(row["label"], row["value"]) for row in figures["exits"]["rows"] if row["value"]],
            title=_("Exits by outcome group"),
            empty_text=_("No exit in this period."),
        ),
        "barriers": charts.hbar_chart(
            [(row["label"], row["identified"]) for row in figures["barriers"]["rows"] if row["identified"]],
            title=_("Barriers identified, by category"),
            empty_text=_("No barrier identified in this period."),
        ),
        "headline": charts.bar_chart(
            [(row["label"], row["value"]) for row in figures["headline"]]
            + [(_("%(label)s (previous)") % {"label": row["label"]}, row["previous"]) for row in figures["headline"]],
            title=_("The period and the previous one"),
            height=240,
        ),
    }
    if figures.get("outreach"):
        result["outreach"] = outreach_by_mode(figures["outreach"])
    return result


def outreach_by_mode(outreach):
    return charts.bar_chart(
        [(row["label"], row["reach_per_staff_hour"]) for row in outreach["by_mode"]],
        title=_("Young people reached per staff-hour, by mode"),
        empty_text=_("No outreach session in this period."),
        height=220,
    )


def outreach(outreach_figures):
    """Charts of the outreach report."""
    if not outreach_figures:
        return {}
    grid = outreach_figures.get("heat_map") or {"weekdays": [], "hours": [], "matrix": []}
    return {
        "by_mode": outreach_by_mode(outreach_figures),
        "places": charts.hbar_chart(
            [(row["label"], row["reach_per_staff_hour"]) for row in outreach_figures.get("by_place", [])[:15]],
            title=_("Places by young people reached per staff-hour"),
            empty_text=_("No outreach session in this period."),
        ),
        "heat_map": charts.heat_map(
            grid["weekdays"],
            grid["hours"],
            grid["matrix"],
            title=_("Young people reached per staff-hour, by weekday and hour of start"),
            empty_text=_("No outreach session in this period."),
        ),
        "by_season": charts.bar_chart(
            [(row["label"], row["reach_per_staff_hour"]) for row in outreach_figures.get("by_season", [])],
            title=_("Young people reached per staff-hour, by season"),
            empty_text=_("No outreach session in this period."),
            height=200,
        ),
        "by_month": charts.line_chart(
            [(row["label"], row["reach"]) for row in outreach_figures.get("by_month", [])],
            title=_("Young people reached, month by month"),
            empty_text=_("No outreach session in this period."),
        ),
    }
