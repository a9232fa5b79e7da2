import factory
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from reflex.audit.enums import AccessAction
from reflex.audit.models import AccessEntry


class AccessEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccessEntry

    action = AccessAction.VIEW
    youth_id = factory.Sequence(lambda n: 1000 + n)


class TOTPDeviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TOTPDevice

    name = "RéFLEX"
    confirmed = True


def current_code(device_or_key):
    """The 6 digits an authenticator app shows now for this device (or hex key)."""
    key = getattr(device_or_key, "bin_key", None) or bytes.fromhex(device_or_key)
    return f"{totp(key):06d}"
