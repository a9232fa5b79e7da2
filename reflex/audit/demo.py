"""Demo data of the audit app: a known second factor for the demo coordinator and administrator.

Coordinators and administrators must give a TOTP code after their password. So that `make run` stays usable, their
demo devices share a published secret (README, "Demo accounts"): add it to an authenticator app, or print the current
code with `.venv/bin/python -c "from django_otp.oath import totp; print('%06d' % totp(b'reflex-demo-totp-key'))"`.
Never use it outside the demo: a real account enrols its own device at first login.
"""

from django_otp.plugins.otp_totp.models import TOTPDevice

from partners.models import User

DEMO_TOTP_KEY = b"reflex-demo-totp-key".hex()  # base32: OJSWM3DFPAWWIZLNN4WXI33UOAWWWZLZ
DEMO_SECOND_FACTOR_ACCOUNTS = ["claire.morel@mlnordisere.fr", "admin@reflex.local"]


def seed(context):
    for user in User.objects.filter(email__in=DEMO_SECOND_FACTOR_ACCOUNTS):
        if not TOTPDevice.objects.filter(user=user).exists():
            TOTPDevice.objects.create(user=user, name="RéFLEX (démo)", key=DEMO_TOTP_KEY, confirmed=True)
    context.say("Second factor: demo devices for the coordinator and the administrator (secret in README).")
