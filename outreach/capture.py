"""What the field screen sends: entries typed on a phone, queued in the browser (IndexedDB) and sent when the network
allows, each with an id the browser made (a UUID). `apply(entry, user)` writes one entry and answers what became of
it; applying the same entry again (a retry, a double tap, a replay after a lost answer) changes nothing and answers
"ok" again: the ids are unique in the database (`EncounterTally.client_id`, `NamedContact.client_id`).

Entries (JSON objects), each with "id" (the UUID), "type" and "session" (a session's id):
- "confirm": the team is out (or back): a planned session is marked done, logged by the user;
- "tally": one young person met anonymously: "new" (true / false), "age_band", "sex", "via" ("direct" or a kind of
  entourage), saved as a tally of one;
- "untally": the tap of tally "target" is taken back (its row deleted; nothing when it is already gone);
- "contact": a named contact: an existing record ("youth": its id, visible to the user) or a new one (nickname
  and/or first name, phone, social handle), "via", and "notice" ("yes" / "not_yet") with its "notice_channel".

A tally or a contact reached through the entourage may name its relay: "relay" (an active relay's id; its kind then
says through whom) or "relay_label" (a new relay of the "via" kind, usually met at the session's place; an existing
one with the same label, kind and place is reused, so that taps queued offline with the same new label make one
relay). The label rules of relays apply (outreach.relays: no phone number, no e-mail address).
  A notice given records its date (the session's), channel and giver on the record: the young person counts as
  identified (repéré) from then when named and reachable (youths.models.YouthQuerySet.with_computed_stage).

Each entry passes the same rules as the session log's forms: the user may complete the session
(outreach.perms.can_edit_session), the session is not in the future, a session counts at most
MAX_ENCOUNTERS_PER_SESSION anonymous encounters.
"""

import uuid
from dataclasses import dataclass, field

from django import forms
from django.db import IntegrityError, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from youths import identity
from youths.enums import ConsentChannel, FirstReachedVia
from youths.models import Youth

from .enums import AgeBand, Channel, ContactKind, ContactOutcome, EntourageKind, TallySex
from .models import MAX_ENCOUNTERS_PER_SESSION, EncounterTally, NamedContact, OutreachSession, Relay
from .perms import can_edit_session
from .relays import validate_relay_label

ENTRY_TYPES = ("confirm", "tally", "untally", "contact")
VIA_CHOICES = [("direct", _("Directly")), *EntourageKind.choices]
NOTICE_CHOICES = [("yes", _("Yes")), ("not_yet", _("Not yet"))]


@dataclass
class Outcome:
    """What became of an entry: "ok" (written now or before) or "invalid" with French messages per field."""

    id: str
    status: str = "ok"
    errors: dict = field(default_factory=dict)

    def as_json(self):
        return {"id": self.id, "status": self.status, "errors": self.errors}


def channel_of(via):
    """("direct" | an entourage kind) → (Channel, entourage kind)."""
    return (Channel.DIRECT, "") if via == "direct" else (Channel.ENTOURAGE, via)


class RelayFields(forms.Form):
    """The relay of an entry reached through the entourage: an existing one, or a new label (see the docstring)."""

    relay = forms.ModelChoiceField(
        queryset=Relay.objects.active(),
        required=False,
        error_messages={"invalid_choice": _("This relay cannot be chosen.")},
    )
    relay_label = forms.CharField(label=_("New relay"), max_length=60, required=False)

    def clean_relay_label(self):
        label = " ".join(self.cleaned_data["relay_label"].split())
        validate_relay_label(label)
        return label

    def clean(self):
        cleaned = super().clean()
        relay, label = cleaned.get("relay"), cleaned.get("relay_label")
        if (relay or label) and (cleaned.get("via") or "direct") == "direct":
            self.add_error("relay", _("A relay brings a young person through the entourage: choose that channel."))
        elif relay:
            cleaned["via"] = relay.kind  # the relay says through whom
        return cleaned

    def relay_for(self, session, user):
        """The chosen relay, or the new label's (created at the session's place, or reused), or None."""
        data = self.cleaned_data
        if data.get("relay") or not data.get("relay_label"):
            return data.get("relay")
        found = Relay.objects.filter(label__iexact=data["relay_label"], kind=data["via"], place=session.place).first()
        return found or Relay.objects.create(
            label=data["relay_label"], kind=data["via"], place=session.place, created_by=user
        )


class TapForm(RelayFields):
    new = forms.BooleanField(required=False)
    age_band = forms.ChoiceField(choices=AgeBand.choices, required=False)
    sex = forms.ChoiceField(choices=TallySex.choices, required=False)
    via = forms.ChoiceField(choices=VIA_CHOICES, required=False)


class QuickContactForm(RelayFields):
    """A named contact in one short form: an existing record, or a new one from a nickname or first name."""

    youth = forms.ModelChoiceField(
        queryset=Youth.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("This young person cannot be chosen.")},
    )
    nickname = forms.CharField(label=_("Nickname"), max_length=100, required=False)
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    social_handle = forms.CharField(label=_("Social network handle"), max_length=100, required=False)
    via = forms.ChoiceField(label=_("How reached"), choices=VIA_CHOICES, required=False)
    notice = forms.ChoiceField(label=_("Information notice given"), choices=NOTICE_CHOICES, required=False)
    notice_channel = forms.ChoiceField(choices=ConsentChannel.choices, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["youth"].queryset = Youth.objects.visible_to(user).current()

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if not phone:
            return ""
        if not identity.phone_key(phone):
            raise forms.ValidationError(
                _(
                    "This phone number is not valid: 10 digits for a French number (06 12 34 56 78), or the "
                    "country code first for a foreign one (+44 7911 123456)."
                )
            )
        return identity.format_phone(phone)

    def clean(self):
        cleaned = super().clean()
        named = cleaned.get("nickname", "").strip() or cleaned.get("first_name", "").strip()
        if not cleaned.get("youth") and "youth" not in self.errors and not named:
            self.add_error("nickname", _("Give at least a nickname or a first name."))
        cleaned["via"] = cleaned.get("via") or "direct"
        cleaned["notice_channel"] = cleaned.get("notice_channel") or ConsentChannel.SCREEN
        return cleaned


def _errors(form):
    return {name: [str(message) for message in messages] for name, messages in form.errors.items()}


def _invalid(entry_id, message, name="__all__"):
    return Outcome(entry_id, "invalid", {name: [str(message)]})


def _session_for(entry, user):
    """The entry's session when the user may complete it, else (None, the reason)."""
    try:
        pk = int(entry.get("session"))
    except (TypeError, ValueError):
        return None, gettext("This session does not exist.")
    session = OutreachSession.objects.filter(pk=pk).prefetch_related("staff").first()
    if session is None:
        return None, gettext("This session does not exist.")
    if not can_edit_session(user, session):
        return None, gettext("You may not complete this session.")
    if session.is_cancelled:
        return None, gettext("This session was cancelled.")
    return session, None


def apply(entry, user):
    """Write one entry of the field screen's queue (see the module docstring); an Outcome."""
    raw_id = str(entry.get("id", "")) if isinstance(entry, dict) else ""
    try:
        client_id = uuid.UUID(raw_id)
    except ValueError:
        return _invalid(raw_id, gettext("This entry has no valid identifier."))
    kind = entry.get("type")
    if kind not in ENTRY_TYPES:
        return _invalid(raw_id, gettext("Unknown kind of entry."))
    if kind == "tally" and EncounterTally.objects.filter(client_id=client_id).exists():
        return Outcome(raw_id)  # already counted
    if kind == "contact" and NamedContact.objects.filter(client_id=client_id).exists():
        return Outcome(raw_id)
    session, reason = _session_for(entry, user)
    if session is None:
        return _invalid(raw_id, reason)
    if kind == "untally":
        try:
            target = uuid.UUID(str(entry.get("target", "")))
        except ValueError:
            return _invalid(raw_id, gettext("This entry has no valid identifier."))
        for tally in EncounterTally.objects.filter(session=session, client_id=target):
            tally.delete()  # one at most; its signals refresh the stored figures
        return Outcome(raw_id)
    if not session.start_logging(user):
        return _invalid(raw_id, gettext("A session cannot be logged before it happens: the date is in the future."))
    if kind == "confirm":
        return Outcome(raw_id)
    try:
        with transaction.atomic():
            if kind == "tally":
                return _tally(raw_id, client_id, entry, session, user)
            return _contact(raw_id, client_id, entry, session, user)
    except IntegrityError:
        # The same entry, sent twice at once: the other request wrote it.
        if kind == "tally" and EncounterTally.objects.filter(client_id=client_id).exists():
            return Outcome(raw_id)
        if kind == "contact" and NamedContact.objects.filter(client_id=client_id).exists():
            return Outcome(raw_id)
        raise


def _tally(raw_id, client_id, entry, session, user):
    form = TapForm(entry)
    if not form.is_valid():
        return Outcome(raw_id, "invalid", _errors(form))
    if session.encounters_counted() + 1 > MAX_ENCOUNTERS_PER_SESSION:
        return _invalid(
            raw_id,
            gettext("More than %(max)d young people met in one session: check the count.")
            % {"max": MAX_ENCOUNTERS_PER_SESSION},
        )
    data = form.cleaned_data
    channel, entourage_kind = channel_of(data["via"] or "direct")
    EncounterTally.objects.create(
        session=session,
        client_id=client_id,
        count=1,
        new_count=1 if data["new"] else 0,
        channel=channel,
        entourage_kind=entourage_kind,
        relay=form.relay_for(session, user),
        age_band=data["age_band"] or AgeBand.UNKNOWN,
        sex=data["sex"] or TallySex.MIXED,
    )
    return Outcome(raw_id)


def _contact(raw_id, client_id, entry, session, user):
    from reflex.audit.enums import AccessAction
    from reflex.audit.journal import record_access

    form = QuickContactForm(entry, user=user)
    if not form.is_valid():
        return Outcome(raw_id, "invalid", _errors(form))
    data = form.cleaned_data
    channel, entourage_kind = channel_of(data["via"])
    youth = data["youth"]
    if youth is None:
        youth = Youth(
            nickname=data["nickname"].strip(),
            first_name=data["first_name"].strip(),
            phone=data["phone"],
            social_handle=data["social_handle"].strip(),
            first_contact_on=session.date,
            first_reached_via=FirstReachedVia.ENTOURAGE if entourage_kind else FirstReachedVia.OUTREACH_SESSION,
            created_by=user,
            created_by_organisation=user.organisation,
        )
        kind = ContactKind.FIRST
    else:
        if NamedContact.objects.filter(session=session, youth=youth).exists():
            message = gettext("This young person is already among the contacts of this session.")
            return _invalid(raw_id, message, "youth")
        earlier = NamedContact.objects.filter(youth=youth).exists()
        kind = ContactKind.REPEAT if earlier else ContactKind.FIRST
    created = youth.pk is None
    if data["notice"] == "yes" and youth.information_notice_given_on is None:
        youth.information_notice_given_on = session.date
        youth.consent_channel = data["notice_channel"]
        youth.information_notice_given_by = user
        if not created:
            youth.save(update_fields=["information_notice_given_on", "consent_channel", "information_notice_given_by"])
    if created:
        youth.save()
    contact = NamedContact.objects.create(
        session=session,
        youth=youth,
        client_id=client_id,
        kind=kind,
        channel=channel,
        entourage_kind=entourage_kind,
        relay=form.relay_for(session, user),
        outcome=ContactOutcome.INFORMATION,
        created_by=user,
    )
    if created:
        record_access(user, AccessAction.CREATE, youth=youth)
    record_access(user, AccessAction.CREATE, youth=youth, obj=contact)
    return Outcome(raw_id)
