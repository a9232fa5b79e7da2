"""The analytics page: where, which days, which hours and which season outreach reaches young people."""

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partners.perms import require
from reflex import charts
from reflex.data_version import remembered

from .. import analytics
from ..forms import PeriodForm
from ..perms import can_use_outreach

BREAKDOWNS = [
    ("place", gettext_lazy("By place")),
    ("neighbourhood", gettext_lazy("By neighbourhood")),
    ("weekday", gettext_lazy("By weekday")),
    ("hour", gettext_lazy("By starting hour")),
    ("month", gettext_lazy("By month")),
    ("season", gettext_lazy("By season")),
    ("mode", gettext_lazy("By mode")),
]


@require(can_use_outreach)
def analytics_page(request):
    """Effort, reach and yield for a period, by dimension; heat map; recommended schedule. Field staff.

    The figures and charts are kept in the cache until the outreach data changes (reflex.data_version)."""
    start, end = analytics.default_period(timezone.localdate())
    form = PeriodForm(request.GET or None, initial={"start": start, "end": end})
    filters = {}
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        filters = {
            "place": form.cleaned_data.get("place"),
            "mode": form.cleaned_data.get("mode") or None,
        }
    elif form.is_bound:
        return render(request, "outreach/analytics.html", {"form": form, "invalid": True})
    place = filters.get("place")
    context, _computed_at, _from_cache = remembered(
        lambda: page_figures(start, end, filters),
        "outreach-analytics",
        start.isoformat(),
        end.isoformat(),
        place.pk if place else "-",
        filters.get("mode") or "-",
        timezone.localdate().isoformat(),  # the schedule recommends for the season to come
    )
    return render(request, "outreach/analytics.html", {"form": form, "start": start, "end": end, **context})


def page_figures(start, end, filters):
    """Everything the page shows for the period and filters, as plain values and SVG charts."""
    figures = analytics.OutreachFigures(start, end, **filters)
    summary = figures.summary()
    breakdowns = {name: figures.breakdown(name) for name, _label in BREAKDOWNS}
    places = sorted(breakdowns["place"], key=lambda row: (-row["reach_per_staff_hour"], row["label"]))
    heat = figures.heat_map()
    entourage = figures.entourage()
    comparison = figures.online_vs_in_person()
    schedule = figures.recommended_schedule()
    weekday_labels = [label[:3] for _number, label in heat["weekdays"]]
    chart = {
        "heat": charts.heat_map(
            weekday_labels,
            [f"{hour}h" for hour in heat["hours"]],
            heat["matrix"],
            title=_("Contacts per staff-hour, by weekday and starting hour"),
            counts=[
                [
                    heat["cells"][(number, hour)]["sessions"] if (number, hour) in heat["cells"] else None
                    for hour in heat["hours"]
                ]
                for number, _label in heat["weekdays"]
            ],
        ),
        "places": charts.hbar_chart(
            [(row["label"], row["reach_per_staff_hour"]) for row in places[:12]],
            title=_("Places ranked by contacts per staff-hour"),
            label_width=230,
        ),
        "month": charts.line_chart(
            [(row["label"], row["reach"]) for row in breakdowns["month"]],
            title=_("Contacts, month by month"),
        ),
        "season": charts.bar_chart(
            [(row["label"], row["reach_per_staff_hour"]) for row in breakdowns["season"]],
            title=_("Contacts per staff-hour, by season"),
        ),
        "entourage": charts.hbar_chart(
            [(_("Directly"), entourage["direct"])] + [(row["label"], row["count"]) for row in entourage["by_kind"]],
            title=_("Encounters: directly or through the entourage"),
        ),
    }
    return {
        "summary": summary,
        "breakdowns": [(name, label, breakdowns[name]) for name, label in BREAKDOWNS],
        "places": places,
        "entourage": entourage,
        "comparison": comparison,
        "schedule": schedule,
        "chart": chart,
    }
