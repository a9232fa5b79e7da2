"""Recompute the stored identity keys in bulk (after a bulk load, or when youths.identity changes)."""

from . import identity

CHUNK = 2000
KEY_FIELDS = ("name_key", "first_name_key", "last_name_key", "nickname_key", "phone_key", "email_key")


def keys_of(first_name, last_name, nickname, phone, email):
    return {
        "name_key": identity.name_key(first_name, last_name),
        "first_name_key": identity.fold(first_name),
        "last_name_key": identity.fold(last_name),
        "nickname_key": identity.nickname_key(nickname),
        "phone_key": identity.phone_key(phone),
        "email_key": identity.email_key(email),
    }


def refresh_all_keys(model=None):
    """Update the rows whose keys differ from what youths.identity computes now; returns how many changed.

    With the app's model (not a migration's historical one), the stored funnel facts' copies of the keys follow."""
    stored_copies = model is None
    if model is None:
        from .models import Youth as model
    changed = []
    changed_ids = []
    total = 0
    for youth in model.objects.only(
        "pk", "first_name", "last_name", "nickname", "phone", "email", *KEY_FIELDS
    ).iterator(chunk_size=CHUNK):
        keys = keys_of(youth.first_name, youth.last_name, youth.nickname, youth.phone, youth.email)
        if any(getattr(youth, name) != value for name, value in keys.items()):
            for name, value in keys.items():
                setattr(youth, name, value)
            changed.append(youth)
            changed_ids.append(youth.pk)
        if len(changed) >= CHUNK:
            model.objects.bulk_update(changed, KEY_FIELDS)
            total += len(changed)
            changed = []
    if changed:
        model.objects.bulk_update(changed, KEY_FIELDS)
        total += len(changed)
    if stored_copies and changed_ids:
        from . import funnel

        funnel.refresh(changed_ids)
    return total


def _differs(youth):
    keys = keys_of(youth.first_name, youth.last_name, youth.nickname, youth.phone, youth.email)
    return any(getattr(youth, name) != value for name, value in keys.items())


def stale_key_ids():
    """Young people whose stored keys differ from what youths.identity computes now (the daily check)."""
    from .models import Youth

    youths = Youth.objects.only("pk", "first_name", "last_name", "nickname", "phone", "email", *KEY_FIELDS)
    return [youth.pk for youth in youths.order_by("pk").iterator(chunk_size=CHUNK) if _differs(youth)]


def refresh_keys(youth_ids):
    """Recompute the keys of these young people, their rows locked first (reflex/row_locks.py: an edit of the same
    record waits, or is waited for), and their stored funnel's copies."""
    from django.db import transaction

    from . import funnel
    from .models import Youth

    with transaction.atomic():
        youths = list(
            Youth.objects.select_for_update(no_key=True)
            .filter(pk__in=youth_ids)
            .only("pk", "first_name", "last_name", "nickname", "phone", "email", *KEY_FIELDS)
            .order_by("pk")
        )
        for youth in youths:
            for name, value in keys_of(
                youth.first_name, youth.last_name, youth.nickname, youth.phone, youth.email
            ).items():
                setattr(youth, name, value)
        Youth.objects.bulk_update(youths, KEY_FIELDS)
        funnel.refresh([youth.pk for youth in youths])
