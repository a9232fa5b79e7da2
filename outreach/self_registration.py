"""Self-registration through a QR code on the truck: a coordinator prints a poster for a session, or for a place (it
then serves that day's session there); a young person who scans it reads the information notice and may leave a
nickname and a phone number or handle. That makes a *pending* named contact (`SelfRegistration`) on the session,
which a staff member confirms (a record with the notice read that day, and a named contact) or discards (what was
typed is erased).

The public form asks for nothing else and shows nothing of the database: every accepted submission gets the same
thanks, whoever else registered. It works only on the session's day (`poster_session`), is rate-limited per
address and per session (`LIMITS`), and every submission is journaled (`SelfRegistrationAttempt`, with a keyed hash
of the address, never the address).
"""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone

from youths.enums import ConsentChannel, FirstReachedVia
from youths.models import Youth

from .enums import Channel, ContactKind, ContactOutcome, RegistrationStatus, SessionStatus, SubmissionOutcome
from .models import NamedContact, OutreachSession, SelfRegistration, SelfRegistrationAttempt

SALT = "outreach.self-registration"
# (how many submissions, within how long): per address, then per session.
ADDRESS_LIMIT = (5, timedelta(minutes=10))
SESSION_LIMIT = (40, timedelta(minutes=10))


def poster_token(*, session=None, place=None):
    """The signed part of a poster's address: a session, or a place (that day's session there)."""
    return signing.dumps({"s": session.pk} if session is not None else {"p": place.pk}, salt=SALT, compress=True)


def poster_session(token):
    """The session a poster leads to now, or None (a forged token, another day, no session at the place today)."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    today = timezone.localdate()
    sessions = OutreachSession.objects.exclude(status=SessionStatus.CANCELLED).filter(date=today)
    if "s" in data:
        return sessions.filter(pk=data["s"]).first()
    if "p" in data:
        return sessions.filter(place_id=data["p"]).order_by("start_time", "pk").first()
    return None


def address_key(address):
    """A keyed hash of the sender's address: enough to count, never the address itself."""
    return hmac.new(settings.SECRET_KEY.encode(), (address or "").encode(), hashlib.sha256).hexdigest()


def too_many(key, session):
    now = timezone.now()
    count, window = ADDRESS_LIMIT
    if SelfRegistrationAttempt.objects.filter(address_key=key, at__gte=now - window).count() >= count:
        return True
    # Per session, the accepted ones only: a flood from one address must not close the form to everybody else.
    count, window = SESSION_LIMIT
    accepted = SelfRegistrationAttempt.objects.filter(
        session=session, outcome=SubmissionOutcome.ACCEPTED, at__gte=now - window
    )
    return session is not None and accepted.count() >= count


def journal(key, session, outcome, registration=None):
    return SelfRegistrationAttempt.objects.create(
        address_key=key, session=session, outcome=outcome, registration=registration
    )


def confirm(registration, user):
    """A staff member confirms: a record (the notice read that day, on the young person's phone) and a named
    contact on the session. Nothing when it was already decided."""
    with transaction.atomic():
        registration = SelfRegistration.objects.select_for_update().select_related("session").get(pk=registration.pk)
        if registration.status != RegistrationStatus.PENDING:
            return registration
        session = registration.session
        youth = Youth.objects.create(
            nickname=registration.nickname,
            phone=registration.phone,
            social_handle=registration.social_handle,
            first_contact_on=session.date,
            first_reached_via=FirstReachedVia.OUTREACH_SESSION,
            information_notice_given_on=timezone.localdate(registration.created_at),
            consent_channel=ConsentChannel.SELF,
            created_by=user,
            created_by_organisation=user.organisation,
        )
        session.start_logging(user)
        registration.contact = NamedContact.objects.create(
            session=session,
            youth=youth,
            kind=ContactKind.FIRST,
            channel=Channel.DIRECT,
            outcome=ContactOutcome.INFORMATION,
            created_by=user,
        )
        registration.status = RegistrationStatus.CONFIRMED
        registration.decided_by = user
        registration.decided_at = timezone.now()
        registration.save()
        return registration


def discard(registration, user):
    """A staff member discards: what the young person typed is erased; the row stays, to count."""
    SelfRegistration.objects.filter(pk=registration.pk, status=RegistrationStatus.PENDING).update(
        status=RegistrationStatus.DISCARDED,
        nickname="",
        phone="",
        social_handle="",
        decided_by=user,
        decided_at=timezone.now(),
    )


UNDECIDED_DAYS = 30


def forget_old(journal_before):
    """Retention (reflex/privacy/retention.py, daily): pending registrations nobody decided within UNDECIDED_DAYS
    are discarded (what was typed erased), and the journal ages out with the access journal (`journal_before`)."""
    stale = SelfRegistration.objects.filter(
        status=RegistrationStatus.PENDING, created_at__lt=timezone.now() - timedelta(days=UNDECIDED_DAYS)
    )
    discarded = stale.update(
        status=RegistrationStatus.DISCARDED, nickname="", phone="", social_handle="", decided_at=timezone.now()
    )
    purged, _ = SelfRegistrationAttempt.objects.filter(at__lt=journal_before).delete()
    return discarded, purged
