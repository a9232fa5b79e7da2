"""Security pages: the second factor (everyone signed in), the access journal and locked accounts (coordinators)."""

from base64 import b32encode
from binascii import unhexlify

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from partners.perms import require

from . import second_factor
from .forms import JournalFilterForm, TokenForm
from .lockout import normalised_identity
from .models import AccessEntry
from .perms import can_read_journal, can_unlock_accounts

PENDING_KEY = "reflex_totp_pending_key"


def _next_url(request):
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return url
    return reverse("home")


def second_factor_page(request):
    """Everyone signed in: give the code (or a backup code) when enrolled, or set up an authenticator app (QR code)
    when allowed (see `second_factor.may_enrol`), then go on. A verified session may replace its app (`replace`)."""
    user = request.user
    next_url = _next_url(request)
    device = second_factor.confirmed_device(user)
    verified = request.session.get(second_factor.SESSION_KEY) == second_factor.VERIFIED
    replacing = verified and device is not None and "replace" in (request.POST or request.GET)
    context = {"next": next_url, "required": second_factor.is_required(user), "replacing": replacing}

    if device is not None and not replacing and second_factor.enrolment_link_of(request) is None:
        if verified:
            context["backup_codes_left"] = second_factor.backup_codes_left(user)
            return render(request, "registration/second_factor_active.html", context)
        form = TokenForm(request.POST or None, allow_backup_code=True)
        context["form"] = form
        if request.method == "POST" and form.is_valid():
            token = form.cleaned_data["token"]
            if second_factor.is_backup_code(token):
                if second_factor.use_backup_code(request, token):
                    left = second_factor.backup_codes_left(user)
                    messages.warning(request, _("Backup code accepted. Codes left: %(left)d.") % {"left": left})
                    return redirect(next_url)
                form.add_error("token", _("This backup code is not valid or was already used."))
            elif device.verify_token(token):
                second_factor.mark_verified(request, device)
                return redirect(next_url)
            else:
                form.add_error("token", _("This code is not valid. Wait for the next one and try again."))
        return render(request, "registration/second_factor_verify.html", context)

    if not (replacing or second_factor.may_enrol(request)):
        return render(request, "registration/second_factor_link_needed.html", context)
    form = TokenForm(request.POST or None)
    context["form"] = form
    key = request.session.get(PENDING_KEY) or default_key()
    request.session[PENDING_KEY] = key
    if request.method == "POST" and form.is_valid():
        if TOTP(unhexlify(key)).verify(int(form.cleaned_data["token"]), tolerance=1):
            second_factor.enrol(request, key)
            del request.session[PENDING_KEY]
            messages.success(request, _("Your authenticator app is set up: it will be asked for at each login."))
            return redirect(f"{reverse('audit:backup_codes')}?{urlencode({'next': next_url})}")
        form.add_error("token", _("This code is not valid. Check the time on your phone and try again."))
    config_url = TOTPDevice(user=user, key=key).config_url
    secret = b32encode(unhexlify(key)).decode()
    context |= {
        "qr_code": second_factor.qr_code_svg(config_url),
        "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
    }
    return render(request, "registration/second_factor_setup.html", context)


def enrolment_link(request, token):
    """The one-time enrolment link of an e-mail, opened while signed in to the account it was sent for: the
    session may set up an authenticator app. Another account's, a used or an expired link: a page that says so."""
    if second_factor.open_enrolment_link(request, token):
        return redirect("audit:second_factor")
    return render(request, "registration/second_factor_link_invalid.html", status=404)


def backup_codes(request):
    """The new backup codes, shown once (they wait in the session from enrolment or renewal until this page)."""
    codes = request.session.pop(second_factor.BACKUP_CODES_SESSION_KEY, None)
    if not codes:
        return redirect("audit:second_factor")
    return render(
        request, "registration/second_factor_backup_codes.html", {"codes": codes, "next": _next_url(request)}
    )


@require_POST
def renew_backup_codes(request):
    """A new set of backup codes for an enrolled person (the old set stops working)."""
    if second_factor.confirmed_device(request.user) is None:
        return redirect("audit:second_factor")
    second_factor.renew_backup_codes(request)
    return redirect("audit:backup_codes")


@require(can_read_journal)
def journal(request):
    """Coordinators: the access journal, filtered by young person, staff member and period, 50 lines a page."""
    form = JournalFilterForm(request.GET or None)
    entries = AccessEntry.objects.select_related("user", "user__organisation").order_by("-at", "-pk")
    entries = form.filter(entries) if form.is_bound else entries
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/journal.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "retention_months": settings.ACCESS_JOURNAL_RETENTION_MONTHS,
        },
    )


def _locked_attempts():
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since)


@require(can_unlock_accounts)
def lockouts(request):
    """Coordinators: accounts locked after repeated failed logins, each with an unlock button."""
    attempts = _locked_attempts().order_by("-attempt_time")
    return render(request, "audit/lockouts.html", {"attempts": attempts})


@require_POST
@require(can_unlock_accounts)
def unlock(request):
    username = normalised_identity(request.POST.get("username", ""))
    if username:
        axes_reset(username=username)
        messages.success(request, _("The account can log in again."))
    return redirect("audit:lockouts")
