"""What goes into each kind of report: the template context, then HTML, then PDF.

`build(report)` returns (html, pdf_bytes, figures). Funder and outreach reports hold aggregates only; the youth
report holds one young person's pathway, without confidential notes.
"""

from django.db.models import Prefetch
from django.utils import timezone

from outreach import relays

from . import indicators, report_charts
from .enums import ReportKind
from .pdf import html_to_pdf, logo_data_uri, render_html


def _programme_context():
    from partners.models import Organisation, Programme

    organisations = list(Organisation.objects.order_by("-is_lead", "name"))
    return {
        "programme": Programme.objects.current(),
        "partners": [{"name": org.name, "logo": logo_data_uri(org)} for org in organisations],
    }


def _period(report):
    return indicators.Period(report.period_start, report.period_end)


def funder_context(report, figures=None):
    figures = figures if figures is not None else indicators.compute(_period(report))
    return {
        **_programme_context(),
        "report": report,
        "figures": figures,
        "previous": _period(report).previous(),
        "narrative": report.narrative,
        "charts": report_charts.funder(figures),
        "relays": relays.contribution(report.period_start, report.period_end),  # counts by kind, no label
        "schedule": indicators.recommended_schedule(_period(report)),
        "definitions": indicators.glossary(),
        "generated_at": timezone.localtime(),
    }


def outreach_context(report):
    period = _period(report)
    figures = {
        "period": period.as_dict(),
        "outreach": indicators.outreach(period, detailed=True),
        "schedule": indicators.recommended_schedule(period),
        "relays": relays.contribution(period.start, period.end),  # counts by kind of relay, no label
    }
    return {
        **_programme_context(),
        "report": report,
        "figures": figures,
        "charts": report_charts.outreach(figures["outreach"]),
        "definitions": [indicators.DEFINITIONS[key] for key in ("outreach_effort", "outreach_yield")],
        "generated_at": timezone.localtime(),
    }


def youth_context(report):
    """One young person's pathway as its author may see it (the rules of accompaniment apply to the PDF too)."""
    from accompaniment.appointments import attendance_of
    from accompaniment.enums import SENSITIVE_BARRIER_CATEGORIES
    from accompaniment.models import Action, Barrier, Exit, FollowUp, Participation, Pathway
    from youths.enums import Stage
    from youths.models import Youth
    from youths.perms import can_see_health_details

    youth = (
        Youth.objects.with_stage()
        .with_age()
        .select_related("neighbourhood", "referent", "referent__organisation")
        .get(pk=report.youth_id)
    )
    author = report.author
    sees_sensitive = can_see_health_details(author, youth)
    barriers = Barrier.objects.order_by("identified_on", "pk")
    if not sees_sensitive:
        barriers = barriers.exclude(category__in=SENSITIVE_BARRIER_CATEGORIES)
    pathways = list(
        Pathway.objects.filter(youth=youth)
        .select_related("referent", "referent__organisation", "exit")
        .prefetch_related(
            Prefetch("barriers", queryset=barriers),
            Prefetch(
                "actions",
                queryset=Action.objects.select_related("provider_organisation").order_by("starts_on", "pk"),
            ),
            "referent_changes__to_referent",
            "exit__checks",
        )
        .order_by("started_on", "pk")
    )
    collective = (
        Participation.objects.filter(youth=youth)
        .select_related("action", "action__provider_organisation")
        .order_by("action__starts_on")
    )
    follow_ups = FollowUp.objects.filter(youth=youth).select_related("author").order_by("happened_on", "pk")
    return {
        **_programme_context(),
        "report": report,
        "youth": youth,
        "pathways": pathways,
        "collective_participations": collective,
        "follow_ups": follow_ups,
        "attendance": attendance_of(youth),
        "stage_label": Stage(youth.stage).label,
        "definitions": youth_definitions(youth.stage, Exit.objects.filter(pathway__youth=youth).exists()),
        "hides_sensitive": not sees_sensitive,
        "generated_at": timezone.localtime(),
        "today": timezone.localdate(),
    }


# The glossary line of each stage a young person can be at (youths.enums.Stage).
STAGE_DEFINITIONS = {
    "contacted": "contacted",
    "identified": "identified",
    "mobilised": "mobilised",
    "in_pathway": "entered",
    "exited": "exited",
    "lost": "lost",
}


def youth_definitions(stage, has_exit):
    """The glossary lines a youth report's figures need: its scope, the funnel, its stage, and exits if any."""
    keys = ["scope", "funnel", STAGE_DEFINITIONS.get(stage, "contacted")]
    if has_exit:
        keys += ["exit_groups", "retention"]
    return [indicators.DEFINITIONS[key] for key in dict.fromkeys(keys)]


def build(report):
    """Render the report: (html, pdf bytes, figures kept with it)."""
    if report.kind == ReportKind.FUNDER:
        context = funder_context(report)
        template = "reports/pdf/funder.html"
    elif report.kind == ReportKind.OUTREACH:
        context = outreach_context(report)
        template = "reports/pdf/outreach.html"
    elif report.kind == ReportKind.YOUTH:
        context = youth_context(report)
        template = "reports/pdf/youth.html"
        context["figures"] = {}  # nothing about the young person is kept outside the file
    else:  # pragma: no cover - the choices are closed
        raise ValueError(f"Unknown report kind {report.kind!r}")
    html = render_html(template, context)
    return html, html_to_pdf(html), context["figures"]
