"""The services directory: search (on a phone too), a service's page and its printable card, the coordinators'
entries by hand and their data·inclusion imports."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partners.perms import require
from reflex import submissions

from .. import directory_import, perms
from ..enums import ImportStatus
from ..forms import ImportForm, SearchForm, ServiceForm, StructureForm
from ..models import DirectoryImport, Service, Structure
from ..themes import MODE_CHOICES, PUBLIC_CHOICES, THEME_CHOICES


@require(perms.can_use_directory)
def directory(request):
    """Professionals and coordinators: search open services by barrier, town, mode and words."""
    form = SearchForm(request.GET or None)
    services = Service.objects.open().select_related("structure")
    if form.is_valid():
        services = services.search(
            barrier=form.cleaned_data["barrier"],
            town=form.cleaned_data["town"].strip(),
            mode=form.cleaned_data["mode"],
            text=form.cleaned_data["q"],
        )
    page = Paginator(services, 25).get_page(request.GET.get("page"))
    for_barrier = request.GET.get("for", "")  # choosing a service for this barrier (checked when orienting)
    return render(
        request,
        "orientation/directory.html",
        {
            "form": form,
            "page": page,
            "can_edit": perms.can_edit_directory(request.user),
            "for_barrier": int(for_barrier) if for_barrier.isdigit() else None,
        },
    )


def _service(pk):
    return get_object_or_404(Service.objects.select_related("structure__organisation", "contact_person"), pk=pk)


def _labels(values, choices):
    names = dict(choices)
    return [names.get(value, value) for value in values]


@require(perms.can_use_directory)
def service_detail(request, pk):
    service = _service(pk)
    return render(
        request,
        "orientation/service_detail.html",
        {
            "service": service,
            "themes": _labels(service.themes, THEME_CHOICES),
            "publics": _labels(service.publics, PUBLIC_CHOICES),
            "modes": _labels(service.modes, MODE_CHOICES),
            "can_edit": perms.can_edit_directory(request.user),
        },
    )


@require(perms.can_use_directory)
def service_card(request, pk):
    """A page to print or send to the young person: the service only, nothing about them."""
    service = _service(pk)
    card_text = render_to_string("orientation/service_card.txt", {"service": service})
    return render(request, "orientation/service_card.html", {"service": service, "card_text": card_text})


@require(perms.can_edit_directory)
def service_edit(request, pk=None):
    service = _service(pk) if pk else None
    creating = service is None
    if creating and (done := submissions.earlier(request)):  # a replay: created already
        return redirect(done.result_url or "orientation:directory")
    form = ServiceForm(request.POST or None, instance=service)
    if request.method == "POST" and (not creating or submissions.has_token(request, form)) and form.is_valid():
        if creating and (earlier := submissions.claim(request)):
            return redirect(earlier.result_url or "orientation:directory")
        service = form.save()
        messages.success(request, _("The service was saved."))
        return submissions.answered(request, redirect("orientation:service", pk=service.pk))
    return render(request, "orientation/form.html", {"form": form, "title": _("Service"), "creating": creating})


@require(perms.can_edit_directory)
def structure_edit(request, pk=None):
    structure = get_object_or_404(Structure, pk=pk) if pk else None
    creating = structure is None
    if creating and (done := submissions.earlier(request)):  # a replay: created already
        return redirect(done.result_url or "orientation:directory")
    form = StructureForm(request.POST or None, instance=structure)
    if request.method == "POST" and (not creating or submissions.has_token(request, form)) and form.is_valid():
        if creating and (earlier := submissions.claim(request)):
            return redirect(earlier.result_url or "orientation:directory")
        structure = form.save()
        messages.success(request, _("The structure was saved."))
        return submissions.answered(request, redirect("orientation:directory"))
    return render(request, "orientation/form.html", {"form": form, "title": _("Structure"), "creating": creating})


@require(perms.can_edit_directory)
def import_upload(request):
    """Coordinators: send a data·inclusion export; it is checked whole, then shown for confirmation."""
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            prepared = directory_import.prepare(form.cleaned_data["files"], by=request.user)
        except directory_import.ImportRefused as refused:
            errors = refused.errors
        else:
            return redirect("orientation:import_preview", pk=prepared.pk)
    return render(request, "orientation/import_upload.html", {"form": form, "errors": errors})


def _import_for(user, pk):
    return get_object_or_404(DirectoryImport, pk=pk, created_by=user)


def _preview_page(request, prepared, **extra):
    context = {
        "import": prepared,
        "counts": directory_import.preview(prepared),
        "applied": prepared.status == ImportStatus.APPLIED,
        **extra,
    }
    return render(request, "orientation/import_preview.html", context)


@require(perms.can_edit_directory)
def import_preview(request, pk):
    return _preview_page(request, _import_for(request.user, pk))


@require_POST
@require(perms.can_edit_directory)
def import_apply(request, pk):
    """Apply a checked import, once: the button carries a one-time token like every creating form (without one the
    preview comes back with the French message); a double click is answered like the first."""
    prepared = _import_for(request.user, pk)
    if done := submissions.earlier(request):  # a double click or a replay: applied already
        return redirect(done.result_url or "orientation:directory")
    if not submissions.has_token(request):
        return _preview_page(request, prepared, token_error=submissions.MISSING_TOKEN_MESSAGE)
    if earlier := submissions.claim(request):  # two clicks at once: the first one applied it
        return redirect(earlier.result_url or "orientation:directory")
    try:
        applied = directory_import.apply(prepared)
    except IntegrityError:
        # Another import created the same data·inclusion ids meanwhile: nothing of this one was saved.
        messages.error(request, _("Another import changed the directory at the same time: send the files again."))
        return redirect("orientation:import")
    if applied:
        messages.success(request, _("The directory was updated."))
    else:
        messages.info(request, _("This import was already applied."))
    return submissions.answered(request, redirect("orientation:directory"))
