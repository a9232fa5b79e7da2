import datetime

import factory

from outreach.enums import Channel, OnlineKind, PlaceKind, Platform, SessionMode, SessionStatus
from outreach.models import EncounterTally, NamedContact, OnlineOutreach, OutreachSession, Place
from tests.partners.factories import NeighbourhoodFactory
from tests.youths.factories import YouthFactory


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place

    name = factory.Sequence(lambda n: f"Lieu {n}")
    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    kind = PlaceKind.SQUARE


class OutreachSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutreachSession
        skip_postgeneration_save = True

    date = datetime.date(2026, 11, 4)
    start_time = datetime.time(14, 0)
    end_time = datetime.time(17, 0)
    place = factory.SubFactory(PlaceFactory)
    mode = SessionMode.TRUCK
    status = SessionStatus.PLANNED

    class Params:
        done = factory.Trait(status=SessionStatus.DONE)
        cancelled = factory.Trait(status=SessionStatus.CANCELLED)

    @factory.post_generation
    def staff(self, create, extracted, **kwargs):
        if create and extracted:
            self.staff.set(extracted)


class TallyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EncounterTally

    session = factory.SubFactory(OutreachSessionFactory, done=True)
    count = 3
    new_count = 1
    channel = Channel.DIRECT

    class Params:
        through_entourage = factory.Trait(channel=Channel.ENTOURAGE, entourage_kind="sibling")


class NamedContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NamedContact

    session = factory.SubFactory(OutreachSessionFactory, done=True)
    youth = factory.SubFactory(YouthFactory)


class OnlineOutreachFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OnlineOutreach
        skip_postgeneration_save = True

    date = datetime.date(2026, 11, 10)
    start_time = datetime.time(18, 0)
    end_time = datetime.time(19, 0)
    platform = Platform.INSTAGRAM
    kind = OnlineKind.DIRECT_MESSAGES
    messages_sent = 10
    replies = 4
    contacts_generated = 2

    @factory.post_generation
    def staff(self, create, extracted, **kwargs):
        if create and extracted:
            self.staff.set(extracted)
