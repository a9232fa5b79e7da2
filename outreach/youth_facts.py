"""What outreach tells the youths app: dated funnel facts and timeline entries for a young person."""

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from partners.models import User
from youths import funnel, timeline

from .enums import SessionStatus


def _contacts_of(outer_youth):
    from .models import NamedContact

    return NamedContact.objects.filter(youth=outer_youth, session__status=SessionStatus.DONE)


def mobilised_on():
    """The date of the second named contact: a second meaningful contact makes a young person engaged."""
    contacts = _contacts_of(OuterRef("pk")).order_by("session__date", "pk").values("session__date")
    return Subquery(contacts[1:2])


def last_contact_on():
    """The date of the latest named contact."""
    contacts = _contacts_of(OuterRef("pk")).order_by("-session__date", "-pk").values("session__date")
    return Subquery(contacts[:1])


def timeline_entries(youth, user, limit=None):
    """Named contacts during sessions (and their authors) and online outreach that reached the young person: three
    queries."""
    from .models import NamedContact, OnlineOutreach

    if not getattr(user, "is_field_staff", False):
        return []
    entries = []
    contacts = list(
        NamedContact.objects.filter(youth=youth, session__status=SessionStatus.DONE)
        .select_related("session__place")
        .order_by("-session__date", "-pk")[:limit]
    )
    User.objects.attach_to((contact, ("created_by",)) for contact in contacts)
    for contact in contacts:
        session = contact.session
        entries.append(
            timeline.TimelineEntry(
                on=session.date,
                kind="contact",
                title=_("%(kind)s during outreach at %(place)s")
                % {"kind": contact.get_kind_display(), "place": session.place.name},
                detail=contact.get_outcome_display(),
                url=reverse("outreach:session_detail", args=[session.pk]),
                author=contact.created_by.get_full_name() if contact.created_by else "",
            )
        )
    for online in OnlineOutreach.objects.filter(youths=youth).order_by("-date", "-pk")[:limit]:
        entries.append(
            timeline.TimelineEntry(
                on=online.date,
                kind="online_contact",
                title=_("Reached online on %(platform)s") % {"platform": online.get_platform_display()},
                detail=online.get_kind_display(),
                url=reverse("outreach:online_edit", args=[online.pk]),
            )
        )
    return entries


def register():
    from .models import NamedContact, OutreachSession

    funnel.register_fact("mobilised_on", mobilised_on)
    funnel.register_source(NamedContact, "youth_id", lock_first=[("session_id", OutreachSession)])
    funnel.register_source(OutreachSession, "named_contacts__youth_id")  # its date or status
    if "last_contact_on" in funnel.FACT_NAMES:
        funnel.register_fact("last_contact_on", last_contact_on)
    timeline.register(timeline_entries)
