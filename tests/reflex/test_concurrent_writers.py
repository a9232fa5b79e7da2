"""Two people writing at the same moment: each stored copy (the funnel facts, the session figures, the first named
contacts) equals a fresh computation once both have committed. Each test holds the first writer's transaction open
until the second one is waiting for it (tests/two_writers.py), the interleaving that stored wrong figures when the
refreshes computed from the writer's own snapshot without a lock."""

import datetime

import pytest
from django.utils import timezone

from outreach import session_figures
from outreach.models import FirstNamedContact, SessionFigures
from tests.accompaniment.factories import FollowUpFactory
from tests.outreach.factories import NamedContactFactory, OutreachSessionFactory, TallyFactory
from tests.partners.factories import UserFactory
from tests.two_writers import write_at_once
from tests.youths.factories import YouthFactory
from youths import funnel
from youths.models import FunnelFacts

pytestmark = pytest.mark.django_db(transaction=True)


def _days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def _nothing_stale():
    assert funnel.stale_youth_ids() == []
    assert session_figures.stale() == {"sessions": [], "youths": []}


def test_two_follow_ups_saved_at_once_keep_the_earliest_as_the_date_of_mobilisation():
    youth = YouthFactory(first_contact_on=_days_ago(40))
    author = UserFactory()
    earlier, later = _days_ago(20), _days_ago(10)

    errors = write_at_once(
        lambda: FollowUpFactory(youth=youth, author=author, happened_on=earlier),
        lambda: FollowUpFactory(youth=youth, author=author, happened_on=later),
    )

    assert errors == {"first": None, "second": None}
    assert FunnelFacts.objects.get(youth=youth).mobilised_on == earlier
    _nothing_stale()


def test_two_tallies_added_at_once_to_one_session_add_up():
    session = OutreachSessionFactory(done=True, date=_days_ago(3))

    errors = write_at_once(
        lambda: TallyFactory(session=session, count=10, new_count=0),
        lambda: TallyFactory(session=session, count=20, new_count=0),
    )

    assert errors == {"first": None, "second": None}
    assert SessionFigures.objects.get(session=session).encounters == 30
    _nothing_stale()


def test_two_named_contacts_saved_at_once_keep_the_earliest_session_as_the_first_contact():
    youth = YouthFactory(first_contact_on=_days_ago(40))
    earlier = OutreachSessionFactory(done=True, date=_days_ago(20))
    later = OutreachSessionFactory(done=True, date=_days_ago(10))

    errors = write_at_once(
        lambda: NamedContactFactory(session=earlier, youth=youth),
        lambda: NamedContactFactory(session=later, youth=youth),
    )

    assert errors == {"first": None, "second": None}
    assert FirstNamedContact.objects.get(youth=youth).session_id == earlier.pk
    _nothing_stale()


def test_a_session_marked_done_while_someone_is_named_at_it_counts_the_contact():
    """The session's status (one writer) and a contact at it (another): each writer's computation must see the
    other's row, through the session's lock."""
    youth = YouthFactory(first_contact_on=_days_ago(40))
    session = OutreachSessionFactory(date=_days_ago(5))  # planned
    other = OutreachSessionFactory(done=True, date=_days_ago(30))
    NamedContactFactory(session=other, youth=youth)

    def mark_done():
        session.status = "done"
        session.save()

    errors = write_at_once(mark_done, lambda: NamedContactFactory(session=session, youth=youth))

    assert errors == {"first": None, "second": None}
    assert FunnelFacts.objects.get(youth=youth).mobilised_on == session.date  # the second named contact
    assert SessionFigures.objects.get(session=session).named_contacts == 1
    _nothing_stale()


def test_two_tallies_sent_at_once_from_the_capture_screen_add_up(professional, colleague):
    """The same race through the pages: two staff members add a tally to the same session from their phones."""
    from django.test import Client
    from django.urls import reverse

    from tests.submission_tokens import with_token

    session = OutreachSessionFactory(done=True, date=_days_ago(1), staff=[professional, colleague])
    url = reverse("outreach:tally_add", args=[session.pk])
    statuses = []

    def tally(user, count):
        client = Client()
        client.force_login(user)
        data = with_token(count=str(count), new_count="0", channel="direct", age_band="18-25", sex="M")
        statuses.append(client.post(url, data, headers={"HX-Request": "true"}).status_code)

    errors = write_at_once(lambda: tally(professional, 10), lambda: tally(colleague, 20))

    assert errors == {"first": None, "second": None}
    assert statuses == [200, 200]
    assert SessionFigures.objects.get(session=session).encounters == 30
    _nothing_stale()


def test_a_follow_up_saved_while_the_record_is_merged_counts_on_the_kept_record(professional):
    """A merge moves the merged record's rows with UPDATEs and refreshes both records; a follow-up saved at the same
    moment on the kept record is counted once both have committed."""
    from youths import duplicates

    kept = YouthFactory(first_contact_on=_days_ago(60))
    merged = YouthFactory(first_contact_on=_days_ago(50))
    FollowUpFactory(youth=merged, author=professional, happened_on=_days_ago(30))

    errors = write_at_once(
        lambda: duplicates.merge(kept, merged, by=professional),
        lambda: FollowUpFactory(youth=kept, author=professional, happened_on=_days_ago(40)),
    )

    assert errors == {"first": None, "second": None}
    assert FunnelFacts.objects.get(youth=kept).mobilised_on == _days_ago(40)
    _nothing_stale()
