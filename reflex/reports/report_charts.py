"""The SVG charts of the reports, drawn by the shared `reflex.charts` from the figures of `indicators`.

Charts are markup strings (inline SVG) that pages and PDFs embed as they are; an empty dict means no chart.
"""


def _charts():
    try:
        from reflex import charts
    except ImportError:  # the shared chart module is not there yet: the reports show their tables only
        return None
    return charts


def funder(figures):
    charts = _charts()
    if charts is None:
        return {}
    return {}


def outreach(outreach_figures):
    charts = _charts()
    if charts is None or not outreach_figures:
        return {}
    return {}
