import datetime

import factory
from django.utils import timezone

from accompaniment.enums import ActionCategory, ActionKind, BarrierCategory, FollowUpMode, PathwayStatus
from accompaniment.models import Action, Appointment, Barrier, FollowUp, Participation, Pathway, ReferentChange, Todo
from tests.partners.factories import OrganisationFactory, UserFactory
from tests.youths.factories import YouthFactory


class PathwayFactory(factory.django.DjangoModelFactory):
    """An active pathway; its referent becomes the young person's referent, as Pathway.start() does."""

    class Meta:
        model = Pathway
        skip_postgeneration_save = True

    youth = factory.SubFactory(YouthFactory)
    referent = factory.SubFactory(UserFactory)
    started_on = datetime.date(2026, 4, 1)
    status = PathwayStatus.ACTIVE

    class Params:
        paused = factory.Trait(status=PathwayStatus.PAUSED, paused_on=datetime.date(2026, 6, 1))
        ended = factory.Trait(status=PathwayStatus.ENDED, ended_on=datetime.date(2026, 9, 1))

    @factory.post_generation
    def history(pathway, create, extracted, **kwargs):
        if not create:
            return
        ReferentChange.objects.create(
            pathway=pathway, changed_on=pathway.started_on, to_referent=pathway.referent, changed_by=pathway.referent
        )
        pathway._sync_youth_referent()


class BarrierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Barrier

    pathway = factory.SubFactory(PathwayFactory)
    category = BarrierCategory.MOBILITY
    identified_on = datetime.date(2026, 4, 2)

    class Params:
        health = factory.Trait(category=BarrierCategory.HEALTH)
        justice = factory.Trait(category=BarrierCategory.JUSTICE)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    kind = ActionKind.INDIVIDUAL
    pathway = factory.SubFactory(PathwayFactory)
    category = ActionCategory.MOBILITY
    title = factory.Sequence(lambda n: f"Action {n}")
    provider_organisation = factory.SubFactory(OrganisationFactory)
    starts_on = datetime.date(2026, 4, 10)

    class Params:
        collective = factory.Trait(
            kind=ActionKind.COLLECTIVE, pathway=None, category=ActionCategory.WORKSHOP, title="Atelier CV"
        )


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    action = factory.SubFactory(ActionFactory, collective=True)
    youth = factory.SubFactory(YouthFactory)


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    youth = factory.SubFactory(YouthFactory)
    author = factory.SubFactory(UserFactory)
    happened_on = datetime.date(2026, 5, 4)
    mode = FollowUpMode.OFFICE
    duration_minutes = 45
    summary = "Point sur la recherche de logement"
    next_step = "Dossier FSL"

    class Params:
        confidential_note = factory.Trait(confidential=True, summary="Difficultés familiales importantes")


class AppointmentFactory(factory.django.DjangoModelFactory):
    """A planned appointment tomorrow at 10:00 (in the programme's time zone)."""

    class Meta:
        model = Appointment

    youth = factory.SubFactory(YouthFactory)
    staff = factory.SubFactory(UserFactory)
    starts_at = factory.LazyFunction(
        lambda: timezone.make_aware(
            datetime.datetime.combine(timezone.localdate() + datetime.timedelta(days=1), datetime.time(10))
        )
    )


class TodoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Todo

    youth = factory.SubFactory(YouthFactory)
    owner = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Démarche {n}")
