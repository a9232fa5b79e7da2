import uuid

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from partners.perms import require
from reflex.audit.enums import AccessAction
from reflex.audit.journal import record_access

from .. import imports
from ..perms import can_import_youths

SESSION_KEY = "youths_import"


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CSV or XLSX file"))


@require(can_import_youths)
def upload(request):
    """Step 1: send a file. Coordinators only (403 otherwise). Nothing is written."""
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            rows = imports.read_table(form.cleaned_data["file"])
        except imports.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            request.session[SESSION_KEY] = {"token": uuid.uuid4().hex, "rows": rows}
            return redirect("youths:import_preview")
    return render(
        request, "youths/import_upload.html", {"form": form, "columns": imports.COLUMNS, "max_rows": imports.MAX_ROWS}
    )


@require(can_import_youths)
def preview(request):
    """Step 2: each line as new, possible duplicate or error; POST writes every line (or none). Coordinators only."""
    pending = request.session.get(SESSION_KEY)
    if not pending:
        messages.info(request, _("Send a file to import first."))
        return redirect("youths:import")
    rows, forms_by_line = imports.validate(pending["rows"])
    has_errors = any(row.status == "error" for row in rows)
    if request.method == "POST":
        if request.POST.get("cancel"):
            del request.session[SESSION_KEY]
            messages.info(request, _("The import was cancelled; nothing was written."))
            return redirect("youths:list")
        if request.POST.get("token") != pending["token"]:
            messages.error(request, _("This preview is out of date: check it again."))
        elif has_errors:
            messages.error(
                request, _("Correct the lines in error in the file and send it again: nothing was written.")
            )
        else:
            create_anyway = {int(line) for line in request.POST.getlist("create_anyway") if line.isdigit()}
            with transaction.atomic():
                created = imports.write(forms_by_line, rows, request.user, create_anyway)
                record_access(request.user, AccessAction.IMPORT, count=len(created))
            del request.session[SESSION_KEY]
            messages.success(request, _("%(count)s records were imported.") % {"count": len(created)})
            return redirect("youths:list")
    counts = {status: sum(1 for row in rows if row.status == status) for status in ("new", "duplicate", "error")}
    return render(
        request,
        "youths/import_preview.html",
        {"rows": rows, "counts": counts, "has_errors": has_errors, "token": pending["token"]},
    )


@require_GET
@require(can_import_youths)
def template(request):
    """The CSV template to fill in."""
    response = HttpResponse(imports.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="modele-import-jeunes.csv"'
    return response
