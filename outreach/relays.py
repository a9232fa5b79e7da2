"""Relays: the go-betweens who bring young people to the team, and what they brought.

A relay is a label and a kind, never a person's identity: a label holding a phone number or an e-mail address is
refused. For each relay, one query counts the young people met through them (anonymous tallies), the named young
people they brought (named contacts recorded with the relay) and, of those, how many were then identified (repérés),
engaged (mobilisés) and entered a pathway (the stored funnel facts), and the date of the last session where they
were recorded, so that relays not seen for STALE_DAYS days are listed for the next outings.
"""

import re
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db.models import Count, IntegerField, Max, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext_lazy as _

from .models import EncounterTally, NamedContact, Relay

STALE_DAYS = 42
EMAIL = re.compile(r"\S+@\S+")
# Six digits or more, spaces, dots, dashes and a leading + allowed in between: a phone number, not "U17" or "n° 12".
PHONE = re.compile(r"(?:\+?\d[\s.\-/]?){6,}")


def validate_relay_label(label):
    if EMAIL.search(label):
        raise ValidationError(_("A relay is a label, not a contact: remove the e-mail address."), code="email")
    if PHONE.search(label):
        raise ValidationError(_("A relay is a label, not a contact: remove the phone number."), code="phone")


def _per_relay(queryset, aggregate):
    """A correlated subquery: `aggregate` over the rows of `queryset` recorded with the outer relay (0 when none).
    Each figure is its own subquery, run once per relay: joining the contacts and tallies to the relays and grouping
    would make one row per contact, and evaluate the date subqueries on each (seconds at department scale)."""
    rows = queryset.filter(relay=OuterRef("pk")).order_by().values("relay").annotate(total=aggregate)
    return Coalesce(Subquery(rows.values("total")[:1], output_field=IntegerField()), 0)


def _brought(funnel_field=None):
    contacts = NamedContact.objects.all()
    if funnel_field:
        contacts = contacts.filter(**{f"youth__funnel_facts__{funnel_field}__isnull": False})
    return _per_relay(contacts, Count("youth", distinct=True))


def _last_seen(queryset):
    rows = queryset.filter(relay=OuterRef("pk")).order_by().values("relay").annotate(last=Max("session__date"))
    return Subquery(rows.values("last")[:1])


def with_figures(relays=None):
    """Relays annotated with `met` (anonymous encounters), `brought`, `identified`, `mobilised`, `in_pathway` and
    `last_seen_on` (one query, whatever the number of relays)."""
    relays = Relay.objects.all() if relays is None else relays
    return (
        relays.select_related("place")
        .annotate(
            met=_per_relay(EncounterTally.objects.all(), Sum("count")),
            brought=_brought(),
            identified=_brought("identified_on"),
            mobilised=_brought("mobilised_on"),
            in_pathway=_brought("pathway_started_on"),
            # PostgreSQL's GREATEST skips NULLs: a relay seen only through tallies (or contacts) has its date.
            last_seen_on=Greatest(_last_seen(EncounterTally.objects.all()), _last_seen(NamedContact.objects.all())),
        )
        .order_by("label", "pk")
    )


def stale(relays, today):
    """The active relays not seen for STALE_DAYS days (or never since they were recorded), least recently first."""
    limit = today - timedelta(days=STALE_DAYS)
    found = [relay for relay in relays if relay.is_active and (relay.last_seen_on or relay.created_at.date()) <= limit]
    return sorted(found, key=lambda relay: (relay.last_seen_on or relay.created_at.date(), relay.label))


def due_for_deletion(cutoff):
    """Retention, as for young people's records: relays recorded before `cutoff` and on no session since then."""
    return Relay.objects.filter(created_at__date__lt=cutoff).exclude(
        Q(tallies__session__date__gte=cutoff) | Q(named_contacts__session__date__gte=cutoff)
    )


def contribution(start, end):
    """Counts only, for reports: per kind of relay, the relays recorded on the period's done sessions, the young
    people met through them, the named young people they brought and how many of those are in a pathway (two
    queries, no label)."""
    from .enums import EntourageKind, SessionStatus

    in_period = {"session__status": SessionStatus.DONE, "session__date__gte": start, "session__date__lte": end}
    rows = {}
    met = (
        EncounterTally.objects.filter(relay__isnull=False, **in_period)
        .values("relay__kind")
        .annotate(relays=Count("relay", distinct=True), met=Sum("count"))
        .order_by()
    )
    for row in met:
        rows[row["relay__kind"]] = {"relays": row["relays"], "met": row["met"], "brought": 0, "in_pathway": 0}
    brought = (
        NamedContact.objects.filter(relay__isnull=False, **in_period)
        .values("relay__kind")
        .annotate(
            relays=Count("relay", distinct=True),
            brought=Count("youth", distinct=True),
            in_pathway=Count("youth", filter=Q(youth__funnel_facts__pathway_started_on__isnull=False), distinct=True),
        )
        .order_by()
    )
    for row in brought:
        found = rows.setdefault(row["relay__kind"], {"relays": 0, "met": 0, "brought": 0, "in_pathway": 0})
        found["relays"] = max(found["relays"], row["relays"])  # a relay on both tallies and contacts counts once
        found["brought"], found["in_pathway"] = row["brought"], row["in_pathway"]
    return [{"kind": str(EntourageKind(kind).label), **rows[kind]} for kind in EntourageKind.values if kind in rows]
