"""Relays: recorded on tallies and named contacts, labels without contact details, what they brought, who to revisit.

The suite's day is Wednesday 25 November 2026 (tests/outreach/conftest.py)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from outreach import relays
from outreach.models import EncounterTally, NamedContact, Relay
from tests.submission_tokens import with_token
from tests.youths.factories import YouthFactory

from .factories import NamedContactFactory, OutreachSessionFactory, TallyFactory


@pytest.mark.parametrize(
    "label, message",
    [
        ("Karim 06 12 34 56 78", "retirez le numéro de téléphone"),
        ("Le coach +33612345678", "retirez le numéro de téléphone"),
        ("Sam, sam@example.org", "retirez l’adresse e-mail"),
    ],
)
def test_a_relay_label_with_contact_details_is_refused(professional_client, label, message):
    response = professional_client.post(reverse("outreach:relays"), with_token(label=label, kind="coach"))
    assert response.status_code == 400 and message in response.content.decode()
    assert not Relay.objects.exists()


def test_a_relay_is_a_label(professional_client):
    response = professional_client.post(
        reverse("outreach:relays"), with_token(label="L’entraîneur des U17", kind="coach")
    )
    assert response.status_code == 302
    assert Relay.objects.get().label == "L’entraîneur des U17"


def test_relays_recorded_on_the_log_forms(professional_client, professional, today):
    relay = Relay.objects.create(label="Le boulanger", kind="shopkeeper")
    session = OutreachSessionFactory(done=True, date=today, staff=[professional])
    response = professional_client.post(
        reverse("outreach:tally_add", args=[session.pk]),
        with_token(
            {"count": 3, "new_count": 1, "channel": "entourage", "relay": relay.pk, "age_band": "unknown", "sex": "X"}
        ),
    )
    assert response.status_code in (200, 302)
    tally = EncounterTally.objects.get()
    assert (tally.relay, tally.entourage_kind) == (relay, "shopkeeper")  # the relay says through whom
    youth = YouthFactory()
    professional_client.post(
        reverse("outreach:contact_add", args=[session.pk]),
        with_token(
            {"youth": youth.pk, "kind": "first", "channel": "direct", "relay": relay.pk, "outcome": "information"}
        ),
    )
    assert not NamedContact.objects.exists()  # a relay only through the entourage
    professional_client.post(
        reverse("outreach:contact_add", args=[session.pk]),
        with_token(
            {"youth": youth.pk, "kind": "first", "channel": "entourage", "relay": relay.pk, "outcome": "information"}
        ),
    )
    contact = NamedContact.objects.get()
    assert (contact.relay, contact.entourage_kind) == (relay, "shopkeeper")


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        assert response.status_code == 200
    return len(captured), response.content.decode()


def test_what_relays_brought_and_who_to_revisit(professional_client, professional, today, pathway_starts):
    """The coach brought 4 met anonymously (two tallies, last on 15 November) and two named young people, one of whom
    later entered a pathway; the shopkeeper was last seen 60 days ago: to revisit."""
    coach = Relay.objects.create(label="Le coach", kind="coach")
    shop = Relay.objects.create(label="L’épicier", kind="shopkeeper")
    recent = OutreachSessionFactory(done=True, date=today - datetime.timedelta(days=10), staff=[professional])
    old = OutreachSessionFactory(done=True, date=today - datetime.timedelta(days=60), staff=[professional])
    TallyFactory(session=recent, count=3, new_count=0, through_entourage=True, relay=coach)
    TallyFactory(session=old, count=1, new_count=0, through_entourage=True, relay=coach)
    TallyFactory(session=old, count=2, new_count=0, through_entourage=True, relay=shop)
    entered, other = YouthFactory(), YouthFactory()
    NamedContactFactory(session=old, youth=entered, channel="entourage", entourage_kind="coach", relay=coach)
    NamedContactFactory(session=recent, youth=other, channel="entourage", entourage_kind="coach", relay=coach)
    pathway_starts({entered: today})
    url = reverse("outreach:relays")
    before, page = _queries(professional_client, url)
    stale_part = page.split('id="stale-title"')[1].split('id="relays-title"')[0]
    assert "L’épicier" in stale_part and "Le coach" not in stale_part
    rows = {relay.label: relay for relay in relays.with_figures()}
    assert (rows["Le coach"].met, rows["Le coach"].brought, rows["Le coach"].in_pathway) == (4, 2, 1)
    assert rows["Le coach"].last_seen_on == today - datetime.timedelta(days=10)
    assert (rows["L’épicier"].met, rows["L’épicier"].brought) == (2, 0)
    for index in range(8):
        relay = Relay.objects.create(label=f"Relais {index}", kind="friend")
        TallyFactory(session=recent, count=1, new_count=0, through_entourage=True, relay=relay)
    after, _page = _queries(professional_client, url)
    assert after == before


def test_funders_do_not_see_relays(funder_client):
    assert funder_client.get(reverse("outreach:relays")).status_code == 403


def test_relays_fall_under_the_retention_of_records(professional, today):
    from django.utils import timezone

    from reflex.privacy.retention import apply_retention, retention_cutoff

    cutoff = retention_cutoff(today)
    long_ago = timezone.make_aware(datetime.datetime.combine(today, datetime.time(12))) - datetime.timedelta(
        days=365 * 3
    )
    old, seen, new = (Relay.objects.create(label=label, kind="friend") for label in ("Ancien", "Revu", "Nouveau"))
    Relay.objects.filter(pk__in=[old.pk, seen.pk]).update(created_at=long_ago)
    old_session = OutreachSessionFactory(done=True, date=cutoff - datetime.timedelta(days=30), staff=[professional])
    recent = OutreachSessionFactory(done=True, date=cutoff + datetime.timedelta(days=30), staff=[professional])
    TallyFactory(session=old_session, count=1, new_count=0, through_entourage=True, relay=old)
    TallyFactory(session=recent, count=1, new_count=0, through_entourage=True, relay=seen)
    assert apply_retention(today, dry_run=True).relays == 1
    assert apply_retention(today).relays == 1
    assert set(Relay.objects.values_list("label", flat=True)) == {"Revu", "Nouveau"}
    assert EncounterTally.objects.filter(relay__isnull=True).count() == 1  # the count stays, the label goes


def test_the_outreach_report_counts_the_relays_contribution_without_labels(professional, today, pathway_starts):
    coach = Relay.objects.create(label="Le coach du stade", kind="coach")
    session = OutreachSessionFactory(done=True, date=today - datetime.timedelta(days=5), staff=[professional])
    earlier = OutreachSessionFactory(done=True, date=today - datetime.timedelta(days=400), staff=[professional])
    TallyFactory(session=session, count=4, new_count=0, through_entourage=True, relay=coach)
    TallyFactory(session=earlier, count=9, new_count=0, through_entourage=True, relay=coach)  # another period
    youth = YouthFactory()
    NamedContactFactory(session=session, youth=youth, channel="entourage", entourage_kind="coach", relay=coach)
    pathway_starts({youth: today})
    rows = relays.contribution(today - datetime.timedelta(days=30), today)
    assert rows == [{"kind": "Entraîneur sportif", "relays": 1, "met": 4, "brought": 1, "in_pathway": 1}] or rows == [
        {"kind": str(coach.get_kind_display()), "relays": 1, "met": 4, "brought": 1, "in_pathway": 1}
    ]
    assert "Le coach du stade" not in str(rows)
    from django.template.loader import render_to_string

    table = render_to_string("reports/_relays.html", {"relays": rows})  # in the funder and outreach PDFs
    assert "Entraîneur sportif" in table or str(coach.get_kind_display()) in table
    assert '<td class="num">4</td>' in table and "Le coach du stade" not in table
