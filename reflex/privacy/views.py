"""Privacy pages of one young person's record: personal data (export, erasure) and change history."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from partners.models import User
from partners.perms import require
from reflex.audit.enums import AccessAction
from reflex.audit.journal import record_access
from reflex.reports.pdf import html_to_pdf, render_html

from . import subject_access
from .anonymisation import anonymise_youth
from .forms import ErasureForm
from .history import history_of
from .perms import (
    can_erase,
    can_export_subject_data,
    can_open_privacy_page,
    can_view_history,
    youths_for_subject_access,
)


def _youth_for(user, pk, rule):
    """The record if `user` may see it (else 404), and if `rule(user, youth)` holds (else 403)."""
    youth = get_object_or_404(youths_for_subject_access(user).select_related("referent"), pk=pk)
    if not rule(user, youth):
        raise PermissionDenied
    return youth


def youth_privacy(request, pk):
    """The referent and the data-protection officer: the exports; coordinators: the change history and the erasure,
    and who may produce the exports."""
    youth = _youth_for(request.user, pk, can_open_privacy_page)
    return render(
        request,
        "privacy/youth.html",
        {
            "youth": youth,
            "can_export": can_export_subject_data(request.user, youth),
            "data_protection_officers": User.objects.active().filter(is_data_protection_officer=True),
            "can_view_history": can_view_history(request.user),
            "can_erase": can_erase(request.user) and youth.anonymised_at is None,
        },
    )


@require(can_view_history)
def history(request, pk):
    """Coordinators: who changed what in the record and its accompaniment, when, from what to what; 50 a page."""
    youth = _youth_for(request.user, pk, lambda user, youth: True)
    record_access(request.user, AccessAction.VIEW, youth=youth)
    changes = history_of(youth)
    page = Paginator(changes.entries, 50).get_page(request.GET.get("page"))
    return render(request, "privacy/history.html", {"youth": youth, "page": page, "truncated": changes.truncated})


def export_json(request, pk):
    """The referent or the data-protection officer: everything held about the young person, as JSON, for them
    (journal: export)."""
    youth = _youth_for(request.user, pk, can_export_subject_data)
    data, _sections = subject_access.build(youth)
    record_access(request.user, AccessAction.EXPORT, youth=youth)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="reflex-jeune-{youth.pk}.json"'
    return response


def export_pdf(request, pk):
    """The referent or the data-protection officer: everything held about the young person, as a PDF, for them
    (journal: PDF)."""
    youth = _youth_for(request.user, pk, can_export_subject_data)
    data, sections = subject_access.build(youth)
    html = render_html(
        "privacy/subject_access_pdf.html", {"youth": youth, "sections": sections, "generated_at": timezone.now()}
    )
    record_access(request.user, AccessAction.PDF, youth=youth)
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="reflex-jeune-{youth.pk}.pdf"'
    return response


@require(can_erase)
def erase(request, pk):
    """Coordinators: an erasure request. A confirmation, then (POST) the record is anonymised for good."""
    youth = _youth_for(request.user, pk, lambda user, youth: True)
    if youth.anonymised_at is not None:
        messages.info(request, _("This record is already anonymised."))
        return redirect("privacy:youth", youth.pk)
    form = ErasureForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        anonymise_youth(youth, by=request.user)
        messages.success(
            request,
            _("The young person's data was erased: the record is anonymised and only counts in the statistics."),
        )
        return redirect("youths:detail", youth.pk)
    return render(request, "privacy/erase.html", {"youth": youth, "form": form})
