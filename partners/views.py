"""Consortium settings pages: the programme, its neighbourhoods and its staff. Coordinators only."""

import secrets

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from reflex import submissions
from reflex.mail import BackgroundPasswordResetForm

from . import account_notices
from .forms import NeighbourhoodForm, ProgrammeForm, StaffForm
from .models import Neighbourhood, Organisation, Programme, User
from .perms import can_manage_account, can_manage_programme, require


@require(can_manage_programme)
def programme_edit(request):
    programme = Programme.objects.current()
    form = ProgrammeForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The programme settings were saved."))
        return redirect("partners:programme")
    return render(request, "partners/programme_form.html", {"form": form})


@require(can_manage_programme)
def neighbourhood_list(request):
    neighbourhoods = Neighbourhood.objects.all()
    return render(request, "partners/neighbourhood_list.html", {"neighbourhoods": neighbourhoods})


@require(can_manage_programme)
def neighbourhood_edit(request, pk=None):
    neighbourhood = get_object_or_404(Neighbourhood, pk=pk) if pk else None
    creating = neighbourhood is None
    if creating and (done := submissions.earlier(request)):  # a replay: created already
        return redirect(done.result_url or "partners:neighbourhoods")
    form = NeighbourhoodForm(request.POST or None, instance=neighbourhood)
    if request.method == "POST" and (not creating or submissions.has_token(request, form)) and form.is_valid():
        if creating and (earlier := submissions.claim(request)):  # two posts at once: the first one created it
            return redirect(earlier.result_url or "partners:neighbourhoods")
        form.save()
        messages.success(request, _("The neighbourhood was saved."))
        return submissions.answered(request, redirect("partners:neighbourhoods"))
    return render(request, "partners/neighbourhood_form.html", {"form": form, "neighbourhood": neighbourhood})


@require(can_manage_programme)
def staff_list(request):
    organisations = Organisation.objects.prefetch_related("staff")
    unattached = User.objects.filter(organisation__isnull=True)
    return render(
        request,
        "partners/staff_list.html",
        {"organisations": organisations, "unattached": unattached, "is_superuser": request.user.is_superuser},
    )


@require(can_manage_programme)
def staff_edit(request, pk=None):
    """Coordinators create and change staff accounts, never an administrator's (403), nor give a role above their
    own. A change of role or access is journaled (reflex.audit's StaffAccountEvent, with who made it) and e-mailed
    to the person; a change of e-mail is e-mailed to the former address too."""
    member = get_object_or_404(User, pk=pk) if pk else None
    if not can_manage_account(request.user, member):
        raise PermissionDenied
    creating = member is None
    if creating and (done := submissions.earlier(request)):  # a replay: created (and e-mailed) already
        return redirect(done.result_url or "partners:staff")
    before = account_notices.snapshot(member)
    form = StaffForm(request.POST or None, instance=member, by=request.user)
    if request.method == "POST" and (not creating or submissions.has_token(request, form)) and form.is_valid():
        if creating and (earlier := submissions.claim(request)):  # two posts at once: the first one created it
            return redirect(earlier.result_url or "partners:staff")
        member = form.save(commit=False)
        is_new = member.pk is None
        if is_new:
            member.set_password(secrets.token_urlsafe(32))  # unknown to all; the e-mailed link sets the real one
        member.save()
        if is_new:
            reset = BackgroundPasswordResetForm({"email": member.email})  # sent by the worker
            if reset.is_valid():
                reset.save(request=request, use_https=request.is_secure())
            messages.success(request, _("The account was created; an e-mail lets the person choose a password."))
        else:
            account_notices.notify_changes(member, before, by=request.user)
            messages.success(request, _("The account was saved."))
        return submissions.answered(request, redirect("partners:staff"))
    return render(request, "partners/staff_form.html", {"form": form, "member": member})
