"""The identity-key fields, defined once, and the stored keys recomputed in bulk (after a bulk load, or when
youths.identity changes).

Every list of identity fields or keys elsewhere is one of these (`Youth.IDENTITY_FIELDS` and `Youth.KEY_FIELDS` are
these tuples; the funnel facts copy `SEARCH_KEY_FIELDS`); tests/youths/test_identity_fields.py fails on a second
list written by hand.
"""

from . import identity

CHUNK = 2000

# The fields that identify a young person: compared by duplicate detection (`youths.duplicates.find_candidates`
# takes them), shown side by side before a merge, and whose change asks for a new duplicate search.
IDENTITY_FIELDS = ("first_name", "last_name", "nickname", "birth_date", "birth_year", "phone", "email")
# The identity fields the stored keys are folded from (`keys_of()`, in its argument order).
KEY_SOURCES = ("first_name", "last_name", "nickname", "phone", "email")
# The stored keys: indexed columns of `Youth`, written by `keys_of()`.
KEY_FIELDS = ("name_key", "first_name_key", "last_name_key", "nickname_key", "phone_key", "email_key")
# The keys the search reads, copied into `youths.FunnelFacts` (youths/funnel.py `STORED`).
SEARCH_KEY_FIELDS = ("name_key", "nickname_key", "email_key")
# What a key refresh reads of each record.
_READ = ("pk", *KEY_SOURCES, *KEY_FIELDS)


def keys_of(first_name, last_name, nickname, phone, email):
    return {
        "name_key": identity.name_key(first_name, last_name),
        "first_name_key": identity.fold(first_name),
        "last_name_key": identity.fold(last_name),
        "nickname_key": identity.nickname_key(nickname),
        "phone_key": identity.phone_key(phone),
        "email_key": identity.email_key(email),
    }


def keys_of_record(record):
    """`keys_of()` a record (or any object with the `KEY_SOURCES` attributes)."""
    return keys_of(*(getattr(record, name) for name in KEY_SOURCES))


def refresh_all_keys(model=None):
    """Update the rows whose keys differ from what youths.identity computes now; returns how many changed.

    With the app's model (not a migration's historical one), the stored funnel facts' copies of the keys follow."""
    stored_copies = model is None
    if model is None:
        from .models import Youth as model
    changed = []
    changed_ids = []
    total = 0
    for youth in model.objects.only(*_READ).iterator(chunk_size=CHUNK):
        keys = keys_of_record(youth)
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
    keys = keys_of_record(youth)
    return any(getattr(youth, name) != value for name, value in keys.items())


def stale_key_ids():
    """Young people whose stored keys differ from what youths.identity computes now (the daily check)."""
    from .models import Youth

    youths = Youth.objects.only(*_READ)
    return [youth.pk for youth in youths.order_by("pk").iterator(chunk_size=CHUNK) if _differs(youth)]


def refresh_keys(youth_ids):
    """Recompute the keys of these young people, their rows locked first (reflex/row_locks.py: an edit of the same
    record waits, or is waited for), and their stored funnel's copies."""
    from django.db import transaction

    from . import funnel
    from .models import Youth

    with transaction.atomic():
        youths = list(
            Youth.objects.select_for_update(no_key=True).filter(pk__in=youth_ids).only(*_READ).order_by("pk")
        )
        for youth in youths:
            for name, value in keys_of_record(youth).items():
                setattr(youth, name, value)
        Youth.objects.bulk_update(youths, KEY_FIELDS)
        funnel.refresh([youth.pk for youth in youths])
