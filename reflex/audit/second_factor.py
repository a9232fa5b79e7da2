"""The second factor (TOTP, django-otp): who owes it, and the session's state.

Rule: coordinators and administrators (staff, superusers) must confirm every session opened through a web request
with a code from an authenticator app; they enrol (QR code) on their first login. Professionals and funders may
enrol; once they have, their sessions owe the code too.

State lives in the (server-side) session under SESSION_KEY, so checking it costs no query:
- VERIFIED: the code was given in this session;
- NOT_ENROLLED: the person owes no factor and has no device (checked once per session);
- OUTSIDE_REQUEST: the session was opened by `django.contrib.auth.login()` outside any HTTP request — the test
  client's `force_login()`/`login()`, or a shell. A browser can only get a session through an HTTP request (the
  login page, the admin's login, a password reset), whose sessions are never marked so: the gate holds in production
  and other apps' tests can use `client.force_login(coordinator)` unchanged.
A new login always drops the previous state (see `on_login`).

Enrolment is not trust-on-first-use for those who owe the factor: a coordinator or administrator without a device
(or who lost it) sets one up only after opening a one-time enrolment link (`models.EnrolmentLink`) while signed in
to their own account. An administrator sends it from the admin; the password-reset e-mail carries one while the
account has no device (`enrolment_url`). Professionals and funders who choose to enrol need no link.

Recovery: ten single-use backup codes (django-otp's static device) are shown once at enrolment and may be given
instead of the app's code; a new set can be made from the second-factor page once signed in (the old set stops
working). Enrolment, each backup code used, a new set of codes and each enrolment link sent are written to the
access journal and e-mailed to the account's owner.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from partners.enums import Role

from .enums import AccessAction
from .journal import record_access
from .models import EnrolmentLink

SESSION_KEY = "reflex_second_factor"
ENROLMENT_SESSION_KEY = "reflex_second_factor_enrolment"  # the id of the enrolment link opened in this session
BACKUP_CODES_SESSION_KEY = "reflex_backup_codes"  # new codes, until the page that shows them once
BACKUP_CODE_ALPHABET = set("abcdefghijklmnopqrstuvwxyz234567")
VERIFIED = "verified"
NOT_ENROLLED = "not-enrolled"
OUTSIDE_REQUEST = "outside-request"


def is_required(user):
    """Coordinators and administrators must use a second factor."""
    return user.is_active and (user.role == Role.COORDINATOR or user.is_staff or user.is_superuser)


def confirmed_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def is_owed(request):
    """True when this signed-in session must give a code before reaching any page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    state = request.session.get(SESSION_KEY)
    if state in (VERIFIED, OUTSIDE_REQUEST):
        return False
    if is_required(user):
        return True
    if state == NOT_ENROLLED:
        return False
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return True
    request.session[SESSION_KEY] = NOT_ENROLLED
    return False


def mark_verified(request, device):
    """The code was right: a new session key (no fixation), and the session remembers it."""
    request.session.cycle_key()
    request.session[SESSION_KEY] = VERIFIED
    request.session[DEVICE_ID_SESSION_KEY] = device.persistent_id


def on_login(sender, request, user, **kwargs):
    """`user_logged_in` receiver: a login through a web request starts unverified (see the module docstring)."""
    if getattr(request, "method", None) is None:
        request.session[SESSION_KEY] = OUTSIDE_REQUEST
    else:
        for key in (SESSION_KEY, DEVICE_ID_SESSION_KEY, ENROLMENT_SESSION_KEY, BACKUP_CODES_SESSION_KEY):
            request.session.pop(key, None)


def pending_device(user):
    """The unconfirmed device shown during enrolment (created once, reused until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="RéFLEX", confirmed=False)
    return device


def qr_code_svg(text):
    """The QR code of `text` as inline SVG markup, drawn on the server (no external service sees the secret)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return image.to_string(encoding="unicode")


# ---------------------------------------------------------------------------------------------------------------
# Enrolment


def may_enrol(request):
    """May this session set up an authenticator app now? Those who do not owe the factor, freely, while they have
    none; those who owe it, only after opening an enrolment link of their own in this session (see the docstring)."""
    if enrolment_link_of(request) is not None:
        return True
    return not is_required(request.user) and confirmed_device(request.user) is None


def enrolment_link_of(request):
    """The usable enrolment link opened in this session, for the signed-in person (None otherwise)."""
    link_id = request.session.get(ENROLMENT_SESSION_KEY)
    if link_id is None:
        return None
    return EnrolmentLink.objects.usable().filter(pk=link_id, user=request.user).first()


def open_enrolment_link(request, token):
    """The signed-in person opens the link `token`: True when it is theirs and usable (the session may enrol)."""
    link = EnrolmentLink.objects.find(token)
    if link is None or link.user_id != request.user.pk:
        return False
    request.session[ENROLMENT_SESSION_KEY] = link.pk
    return True


@transaction.atomic
def enrol(request, key):
    """The code of the app holding `key` was right: it replaces the account's devices, the link is spent, new backup
    codes wait in the session for the page that shows them once; journaled and e-mailed."""
    user = request.user
    link = enrolment_link_of(request)
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, name="RéFLEX", key=key, confirmed=True)
    if link is not None:
        EnrolmentLink.objects.filter(pk=link.pk).update(used_at=timezone.now())
    request.session.pop(ENROLMENT_SESSION_KEY, None)
    mark_verified(request, device)
    request.session[BACKUP_CODES_SESSION_KEY] = new_backup_codes(user)
    record_access(user, AccessAction.FACTOR_ENROLLED)
    notify(user, "factor_enrolled")
    return device


def send_enrolment_link(user, *, by, request=None):
    """Issue a link for `user` and e-mail it (an administrator, from the admin); journaled as done by `by`."""
    link, token = EnrolmentLink.issue(user, by=by)
    url = _absolute(reverse("audit:enrol", args=[token]), request)
    notify(user, "enrolment_link", url=url, hours=settings.SECOND_FACTOR_ENROLMENT_LINK_HOURS)
    record_access(by, AccessAction.ENROLMENT_LINK_SENT, obj=user)
    return link


def enrolment_url(user, *, protocol, domain):
    """For the password-reset e-mail: a new enrolment link when `user` owes the factor and has no device, else ""."""
    if not is_required(user) or confirmed_device(user) is not None:
        return ""
    _link, token = EnrolmentLink.issue(user)
    record_access(None, AccessAction.ENROLMENT_LINK_SENT, obj=user)
    return f"{protocol}://{domain}{reverse('audit:enrol', args=[token])}"


def _absolute(path, request):
    return request.build_absolute_uri(path) if request is not None else path


# ---------------------------------------------------------------------------------------------------------------
# Backup codes


def new_backup_codes(user):
    """A new set of single-use codes for `user` (the previous set stops working): the codes, to show once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Codes de secours", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.SECOND_FACTOR_BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def renew_backup_codes(request):
    """A verified session asks for a new set: kept in the session for the page that shows them; journaled."""
    request.session[BACKUP_CODES_SESSION_KEY] = new_backup_codes(request.user)
    record_access(request.user, AccessAction.BACKUP_CODES_RENEWED)
    notify(request.user, "backup_codes_renewed")


def backup_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def is_backup_code(token):
    """A backup code looks like 8 letters and digits 2–7 (the app's codes are 6 digits)."""
    return len(token) == 8 and set(token) <= BACKUP_CODE_ALPHABET


def use_backup_code(request, code):
    """Check and spend one backup code (locked: two sessions cannot spend the same code); the session is verified,
    the use journaled and e-mailed. Returns False when the code is not valid."""
    device = StaticDevice.objects.select_for_update().filter(user=request.user, confirmed=True).first()
    if device is None or not device.verify_token(code):
        return False
    mark_verified(request, device)
    record_access(request.user, AccessAction.BACKUP_CODE_USED)
    notify(request.user, "backup_code_used", left=backup_codes_left(request.user))
    return True


# ---------------------------------------------------------------------------------------------------------------
# E-mails


def notify(user, kind, **context):
    """E-mail the account's owner about a second-factor event (templates/audit/email/<kind>.txt), in French."""
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(f"audit/email/{kind}.txt", {"user": user, **context})
        subject, _blank, body = body.partition("\n")
    send_mail(subject.strip(), body.strip() + "\n", None, [user.email])
