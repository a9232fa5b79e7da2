from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from partners.perms import require
from reflex import submissions
from reflex.audit.enums import AccessAction
from reflex.audit.journal import record_access

from .. import duplicates, listing, timeline
from ..enums import Stage
from ..filters import YouthFilter
from ..forms import InstitutionFormSet, YouthForm
from ..models import Youth
from ..perms import (
    can_edit_youth,
    can_export_youths,
    can_import_youths,
    can_merge_youths,
    can_see_health_details,
    can_use_youth_records,
    can_view_youth,
)
from .common import safe_next, with_youth, youth_for

PAGE_SIZE = 25
TIMELINE_LENGTH = 30  # the latest entries; the whole history on request
SEARCH_RESULTS = 10


def _filtered(request):
    queryset = Youth.objects.visible_to(request.user).current_by_stored_facts()
    queryset = queryset.with_stage().with_age().with_list_related_data()
    return YouthFilter(request.GET, queryset=queryset, request=request)


@require(can_use_youth_records)
def list_youths(request):
    """The records the user may see, filtered and sorted. Field staff only (403 for funders)."""
    youth_filter = _filtered(request)
    page, stage_counts = listing.page_and_stage_counts(youth_filter, request.GET.get("page"), PAGE_SIZE)
    stages = [(value, label, stage_counts.get(value, 0)) for value, label in Stage.choices]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "youths/list.html",
        {
            "filter": youth_filter,
            "page": page,
            "stages": stages,
            "query": query.urlencode(),
            "can_export": can_export_youths(request.user),
            "can_import": can_import_youths(request.user),
        },
    )


@require(can_export_youths)
def export(request, fmt):
    """The filtered list as CSV or XLSX, streamed. Coordinators only (403 otherwise)."""
    from .. import exports

    if fmt not in ("csv", "xlsx"):
        raise Http404
    youth_filter = _filtered(request)
    if youth_filter.is_bound and not youth_filter.is_valid():
        messages.error(request, _("The filters are not valid: nothing was exported."))
        return redirect("youths:list")
    queryset = youth_filter.qs.select_related("referent__organisation")
    record_access(request.user, AccessAction.EXPORT, count=queryset.count())
    if fmt == "xlsx":
        return exports.xlsx_response(queryset)
    return exports.csv_response(queryset)


@require_GET
@require(can_use_youth_records)
def search(request):
    """htmx fragment: the visible records matching `q` (name, nickname, phone), as buttons the picker understands."""
    text = request.GET.get("q", "").strip()
    results = []
    if len(text) >= 2:
        results = Youth.objects.visible_to(request.user).current().search(text).select_related("neighbourhood")
        results = results.order_by("name_key", "nickname_key", "pk")[:SEARCH_RESULTS]
    return render(request, "youths/_search_results.html", {"results": results, "text": text})


def detail(request, pk):
    """One record. Whoever may see it (youths.perms.can_view_youth); 404 for anybody else, funders included."""
    youth = youth_for(request.user, pk, Youth.objects.with_stage().with_age())
    if youth.merged_into_id:
        messages.info(request, _("This record was merged into another one; here is the record kept."))
        return redirect("youths:detail", youth.merged_into_id)
    record_access(request.user, AccessAction.VIEW, youth=youth)
    history = [
        (Stage.CONTACTED.label, youth.first_contact_on),
        (Stage.IDENTIFIED.label, youth.identified_on),
        (Stage.MOBILISED.label, youth.mobilised_on),
        (Stage.IN_PATHWAY.label, youth.pathway_started_on),
        (Stage.EXITED.label, youth.exited_on),
    ]
    if youth.stage == Stage.LOST:
        history.append((Stage.LOST.label, youth.lost_on))
    length = None if request.GET.get("timeline") == "all" else TIMELINE_LENGTH
    entries = timeline.entries_for(youth, request.user, limit=length and length + 1)  # one more: is there more?
    return render(
        request,
        "youths/detail.html",
        {
            "youth": youth,
            "stage_label": Stage(youth.stage).label,
            "history": history,
            "institutions": youth.institutions.all(),
            "entries": entries[:length],
            "more_entries": length is not None and len(entries) > length,
            "can_edit": can_edit_youth(request.user, youth),
            "can_merge": can_merge_youths(request.user),
            "can_see_health": can_see_health_details(request.user, youth),
        },
    )


def _split_candidates(user, candidates):
    visible = [candidate for candidate in candidates if can_view_youth(user, candidate.youth)]
    return visible, len(candidates) - len(visible)


@require(can_use_youth_records)
def create(request):
    """A new record, after the duplicate check. Field staff. With ?next=<local url>, goes back there with youth=<id>.

    POST `same_person=<id>` picks an existing (visible) record instead; `decision=different` creates despite
    candidates.
    """
    next_url = safe_next(request)
    if done := submissions.earlier(request):  # a replay: the record exists already
        return redirect(done.result_url or "youths:list")
    if request.method == "POST" and request.POST.get("same_person"):
        try:
            youth = youth_for(request.user, int(request.POST["same_person"]))
        except ValueError:
            raise Http404 from None
        return redirect(with_youth(next_url, youth) if next_url else youth.get_absolute_url())

    form = YouthForm(request.POST or None)
    formset = InstitutionFormSet(request.POST or None, prefix="institutions")
    candidates, hidden_candidates = [], 0
    if request.method == "POST" and submissions.has_token(request, form) and form.is_valid() and formset.is_valid():
        found = duplicates.find_candidates(**form.identity_data())
        candidates, hidden_candidates = _split_candidates(request.user, found)
        if not found or request.POST.get("decision") == "different":
            if earlier := submissions.claim(request):  # a double click or a replay: the record exists already
                return redirect(earlier.result_url or "youths:list")
            youth = form.save(commit=False)
            youth.created_by = request.user
            youth.created_by_organisation = request.user.organisation
            if youth.information_notice_given_on:
                youth.information_notice_given_by = request.user
            youth.save()
            formset.instance = youth
            formset.save()
            record_access(request.user, AccessAction.CREATE, youth=youth)
            messages.success(request, _("The record was created."))
            return submissions.answered(
                request, redirect(with_youth(next_url, youth) if next_url else youth.get_absolute_url())
            )
    return render(
        request,
        "youths/form.html",
        {
            "form": form,
            "formset": formset,
            "candidates": candidates,
            "hidden_candidates": hidden_candidates,
            "next": next_url,
            "youth": None,
        },
    )


def edit(request, pk):
    """Complete a record: whoever may see it (404 otherwise). Identity changes re-run the duplicate check."""
    youth = youth_for(request.user, pk)
    if not can_edit_youth(request.user, youth):
        raise Http404
    form = YouthForm(request.POST or None, instance=youth)
    formset = InstitutionFormSet(request.POST or None, instance=youth, prefix="institutions")
    candidates, hidden_candidates = [], 0
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        found = []
        if form.identity_changed() and request.POST.get("decision") != "different":
            found = duplicates.find_candidates(**form.identity_data(), exclude_pk=youth.pk)
            candidates, hidden_candidates = _split_candidates(request.user, found)
        if not found:
            if "information_notice_given_on" in form.changed_data:
                # Who records the delivery is taken as who gave it (the field screen records the giver itself).
                given = form.instance.information_notice_given_on
                form.instance.information_notice_given_by = request.user if given else None
            form.save()
            formset.save()
            record_access(request.user, AccessAction.CHANGE, youth=youth)
            messages.success(request, _("The record was saved."))
            return redirect(youth)
    return render(
        request,
        "youths/form.html",
        {
            "form": form,
            "formset": formset,
            "candidates": candidates,
            "hidden_candidates": hidden_candidates,
            "youth": youth,
            "can_merge": can_merge_youths(request.user),
        },
    )
