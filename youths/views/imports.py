"""Importing young people from a file: send it, see each line checked (new, possible duplicate, error), confirm,
see it written. Checking and writing run in the worker (youths/tasks.py); the pages poll its progress. Everything
about a file lives in a `PendingImport` row, visible to the coordinator who sent it only.
"""

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from partners.perms import require
from reflex import submissions

from .. import imports, tasks
from ..enums import ImportStatus
from ..models import PendingImport
from ..perms import can_import_youths


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CSV or XLSX file"))


def _pending_for(user, pk):
    """The import if `user` sent it (404 otherwise)."""
    return get_object_or_404(PendingImport, pk=pk, author=user)


@require(can_import_youths)
def upload(request):
    """Step 1: send a file. Coordinators only (403 otherwise). Its lines are read (bounded) and checked in the
    background; no record is written."""
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            rows = imports.read_table(uploaded)
        except imports.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            pending = PendingImport.objects.create(
                author=request.user, file_name=(uploaded.name or "")[:200], rows=rows, row_count=len(rows)
            )
            tasks.process_import.enqueue(pending.pk)
            return redirect("youths:import_detail", pk=pending.pk)
    return render(
        request, "youths/import_upload.html", {"form": form, "columns": imports.COLUMNS, "max_rows": imports.MAX_ROWS}
    )


@require(can_import_youths)
def preview(request):
    """The address of the former one-page preview: the latest import this coordinator has not finished."""
    pending = (
        PendingImport.objects.filter(author=request.user)
        .exclude(status__in=[ImportStatus.DONE, ImportStatus.CANCELLED])
        .order_by("-created_at")
        .first()
    )
    if pending is None:
        messages.info(request, _("Send a file to import first."))
        return redirect("youths:import")
    return redirect("youths:import_detail", pk=pending.pk)


@require(can_import_youths)
def detail(request, pk):
    """Step 2 and 3: the progress (polled), the preview with its confirmation, then the outcome."""
    pending = _pending_for(request.user, pk)
    context = _detail_context(pending)
    if request.htmx:
        return render(request, "youths/_import_status.html", context)
    return render(request, "youths/import_preview.html", context)


def _detail_context(pending, **extra):
    context = {"pending": pending, "ticked": set(), **extra}
    if pending.status == ImportStatus.PREVIEW:
        rows = imports.preview_rows(pending.report)
        context["rows"] = rows
        context["counts"] = {
            status: sum(1 for row in rows if row.status == status) for status in ("new", "duplicate", "error")
        }
        context["has_errors"] = context["counts"]["error"] > 0
    return context


@require_POST
@require(can_import_youths)
def confirm(request, pk):
    """Write the checked lines: the import is claimed once (a second click finds it claimed) and queued. The form
    carries a one-time token like every creating form; without one the preview comes back, ticks kept."""
    pending = _pending_for(request.user, pk)
    if submissions.earlier(request):  # a double click or a replay: the import is on its way
        return redirect("youths:import_detail", pk=pending.pk)
    create_anyway = {int(line) for line in request.POST.getlist("create_anyway") if line.isdigit()}
    if not submissions.has_token(request):
        context = _detail_context(pending, token_error=submissions.MISSING_TOKEN_MESSAGE, ticked=create_anyway)
        return render(request, "youths/import_preview.html", context)
    if pending.status == ImportStatus.PREVIEW and any(entry["status"] == "error" for entry in pending.report):
        messages.error(request, _("Correct the lines in error in the file and send it again: nothing was written."))
        return redirect("youths:import_detail", pk=pending.pk)
    if not submissions.claim(request) and pending.confirm(create_anyway):
        tasks.process_import.enqueue(pending.pk)
    return submissions.answered(request, redirect("youths:import_detail", pk=pending.pk))


@require_POST
@require(can_import_youths)
def cancel(request, pk):
    pending = _pending_for(request.user, pk)
    if pending.cancel():
        messages.info(request, _("The import was cancelled; nothing was written."))
    return redirect("youths:list")


@require_GET
@require(can_import_youths)
def template(request):
    """The CSV template to fill in."""
    response = HttpResponse(imports.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="modele-import-jeunes.csv"'
    return response
