"""Reports: generation (in the background), progress, archive, publication to funders, downloads, glossary.

Every report is looked up through `GeneratedReport.objects.visible_to(user)`: what a user may not see is a 404.
"""

import logging

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partners.models import Programme
from partners.perms import can_read_reports, is_field_staff, require
from reflex import submissions
from reflex.audit.enums import AccessAction
from reflex.audit.journal import record_access

from . import exports, funder_notice, indicators, live, report_charts, tasks
from .enums import ReportKind, ReportStatus
from .forms import FunderReportForm, PeriodForm
from .models import GeneratedReport
from .perms import (
    can_generate_funder_report,
    can_generate_outreach_report,
    can_produce_youth_report,
    can_publish,
    can_restart,
    can_see_indicators,
)

RECENT_REPORTS = 20
logger = logging.getLogger(__name__)


def _report_for(user, pk):
    """The report if `user` may see it (404 otherwise), with what its pages show."""
    return get_object_or_404(GeneratedReport.objects.visible_to(user).with_list_related_data(), pk=pk)


@require(can_read_reports)
def index(request):
    """The reports landing page. Funders: the published funder reports. Staff: generation forms and archive."""
    user = request.user
    reports = GeneratedReport.objects.visible_to(user).with_list_related_data()[:RECENT_REPORTS]
    if user.is_funder:
        return render(request, "reports/funder_index.html", {"reports": reports})
    programme = Programme.objects.current()
    context = {
        "programme": programme,
        "reports": reports,
        "funder_form": FunderReportForm(programme=programme, prefix="funder")
        if can_generate_funder_report(user)
        else None,
        "outreach_form": PeriodForm(programme=programme, prefix="outreach")
        if can_generate_outreach_report(user)
        else None,
    }
    return render(request, "reports/index.html", context)


def _replayed(request):
    """A double click or a replay of a report request, answered before its form is checked: the first report."""
    if done := submissions.earlier(request):
        return redirect(done.result_url or "reports:index")
    return None


def _start(request, report):
    if earlier := submissions.claim(request):  # two requests at once: the first report is on its way
        return redirect(earlier.result_url or "reports:index")
    report.save()
    tasks.enqueue(report)
    messages.info(request, _("The report is being generated; this page shows when it is ready."))
    return submissions.answered(request, redirect("reports:detail", pk=report.pk))


@require_POST
@require(can_generate_funder_report)
def generate_funder(request):
    """Coordinators: a funder progress report for a period, with their narrative."""
    if replayed := _replayed(request):
        return replayed
    programme = Programme.objects.current()
    form = FunderReportForm(request.POST, programme=programme, prefix="funder")
    if not (submissions.has_token(request, form) and form.is_valid()):
        return _index_with_errors(request, programme, funder_form=form)
    period = form.period
    report = GeneratedReport(
        kind=ReportKind.FUNDER,
        period_start=period.start,
        period_end=period.end,
        narrative=form.cleaned_data["narrative"],
        author=request.user,
    )
    return _start(request, report)


@require_POST
@require(can_generate_outreach_report)
def generate_outreach(request):
    """Coordinators and professionals: the outreach report for a period."""
    if replayed := _replayed(request):
        return replayed
    programme = Programme.objects.current()
    form = PeriodForm(request.POST, programme=programme, prefix="outreach")
    if not (submissions.has_token(request, form) and form.is_valid()):
        return _index_with_errors(request, programme, outreach_form=form)
    period = form.period
    report = GeneratedReport(
        kind=ReportKind.OUTREACH, period_start=period.start, period_end=period.end, author=request.user
    )
    return _start(request, report)


def _index_with_errors(request, programme, **forms):
    user = request.user
    context = {
        "programme": programme,
        "reports": GeneratedReport.objects.visible_to(user).with_list_related_data()[:RECENT_REPORTS],
        "funder_form": FunderReportForm(programme=programme, prefix="funder")
        if can_generate_funder_report(user)
        else None,
        "outreach_form": PeriodForm(programme=programme, prefix="outreach")
        if can_generate_outreach_report(user)
        else None,
        **forms,
    }
    return render(request, "reports/index.html", context)


@require(is_field_staff)
def youth_report(request, youth_id):
    """Someone allowed to see the young person: confirm (GET), then generate their progress report (POST)."""
    from youths.models import Youth

    youth = get_object_or_404(Youth.objects.visible_to(request.user).current(), pk=youth_id)
    if not can_produce_youth_report(request.user, youth):
        raise Http404
    if request.method == "POST" and (replayed := _replayed(request)):
        return replayed
    if request.method == "POST" and submissions.has_token(request):
        report = GeneratedReport(kind=ReportKind.YOUTH, youth=youth, author=request.user)
        response = _start(request, report)
        if report.pk:
            record_access(request.user, AccessAction.PDF, youth=youth, obj=report)
        return response
    if request.method == "POST":  # no token: nothing generated, the page again with the message
        messages.error(request, submissions.MISSING_TOKEN_MESSAGE)
    previous = GeneratedReport.objects.filter(kind=ReportKind.YOUTH, youth=youth, author=request.user)[:10]
    return render(request, "reports/youth_report.html", {"youth": youth, "previous": previous})


@require(can_read_reports)
def detail(request, pk):
    """One report: its period, author, checksum, progress, and what the user may do with it."""
    report = _report_for(request.user, pk)
    return render(request, "reports/detail.html", _status_context(request, report))


def _status_context(request, report):
    return {
        "report": report,
        "worker_error": tasks.worker_failure(report),
        "can_publish": can_publish(request.user),
        "can_restart": can_restart(request.user, report),
        "no_worker": tasks.waits_for_a_missing_worker(report),
    }


@require(can_read_reports)
def status(request, pk):
    """The progress fragment, polled by htmx every 2 s until the report is ready or failed."""
    report = _report_for(request.user, pk)
    return render(request, "reports/_status.html", _status_context(request, report))


@require_POST
@require(is_field_staff)
def restart(request, pk):
    """Generate a failed report again (the "relancer" button). A second click finds it no longer failed."""
    report = _report_for(request.user, pk)
    if not can_restart(request.user, report):
        raise Http404
    if report.restart():
        tasks.enqueue(report)
        messages.info(request, _("The report is being generated again; this page shows when it is ready."))
    return redirect("reports:detail", pk=report.pk)


def _ready_report_for(user, pk):
    report = _report_for(user, pk)
    if report.status != ReportStatus.READY or not report.file:
        raise Http404
    if report.kind == ReportKind.YOUTH and not can_produce_youth_report(user, report.youth):
        raise Http404
    return report


def _private(response):
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require(can_read_reports)
def download(request, pk):
    """The PDF, served through this permission-checked view (never from a public URL)."""
    report = _ready_report_for(request.user, pk)
    try:
        handle = report.file.open("rb")
    except OSError as exc:  # lost from the storage (a restore without the reports folder, a disk replaced)
        logger.error(
            "Report %s: its file %s cannot be read (%s); the administrator should restore it or it be generated again",
            report.pk,
            report.file.name,
            exc.strerror or type(exc).__name__,
        )
        return render(request, "reports/file_missing.html", {"report": report}, status=404)
    if report.kind == ReportKind.YOUTH:
        record_access(request.user, AccessAction.PDF, youth=report.youth, obj=report)
    return _private(FileResponse(handle, as_attachment=True, filename=report.filename, content_type="application/pdf"))


@require(can_read_reports)
def export_xlsx(request, pk):
    """A funder report's indicators as XLSX: the very figures its PDF was made from."""
    report = _ready_report_for(request.user, pk)
    if report.kind != ReportKind.FUNDER:
        raise Http404
    response = HttpResponse(
        exports.funder_workbook(report.figures),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{report.filename.removesuffix(".pdf")}.xlsx"'
    return _private(response)


@require_POST
@require(can_publish)
def publish(request, pk):
    """Coordinators: make a ready funder report visible to the funder accounts."""
    report = _report_for(request.user, pk)
    if not report.can_be_published:
        messages.error(request, _("Only a ready funder report that is not published yet can be published."))
    else:
        report.publish(by=request.user)
        funder_notice.notify_funders(report, request)
        messages.success(request, _("The report is published: funder accounts can now read it."))
    return redirect("reports:detail", pk=report.pk)


@require_POST
@require(can_publish)
def withdraw(request, pk):
    """Coordinators: withdraw a published funder report from the funder accounts."""
    report = _report_for(request.user, pk)
    if report.published:
        report.withdraw()
        messages.success(request, _("The report was withdrawn: funder accounts no longer see it."))
    return redirect("reports:detail", pk=report.pk)


@require(can_read_reports)
def archive(request):
    """Every report the user may see, newest first, with period, author, date and checksum."""
    reports = GeneratedReport.objects.visible_to(request.user).with_list_related_data()
    kind = request.GET.get("kind")
    if kind in ReportKind.values:
        reports = reports.filter(kind=kind)
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    kinds = ReportKind.choices if not request.user.is_funder else []
    return render(request, "reports/archive.html", {"page": page, "kind": kind, "kinds": kinds})


@require(can_read_reports)
def glossary(request):
    """The definition of every indicator, as the reports compute it."""
    return render(request, "reports/glossary.html", {"definitions": indicators.glossary()})


@require(can_see_indicators)
def indicators_page(request):
    """Field staff: the live indicators of a period, as the funder report would print them. The figures are kept in
    the cache until any of the data they are computed from changes (`live.figures()`); the page then says when they
    were computed."""
    programme = Programme.objects.current()
    form = PeriodForm(request.GET or None, programme=programme)
    if not form.is_bound:  # first visit: the default period, computed at once
        form = PeriodForm({key: value.isoformat() for key, value in form.initial.items()}, programme=programme)
    figures = charts = computed_at = None
    if form.is_valid():
        current = live.figures(form.period, programme)  # from the cache until the data changes
        figures = current.figures
        charts = report_charts.funder(figures)
        computed_at = current.computed_at if current.from_cache else None
    context = {"form": form, "figures": figures, "charts": charts, "programme": programme, "computed_at": computed_at}
    return render(request, "reports/indicators.html", context)
