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
"""

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from partners.enums import Role

SESSION_KEY = "reflex_second_factor"
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
        request.session.pop(SESSION_KEY, None)
        request.session.pop(DEVICE_ID_SESSION_KEY, None)


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
