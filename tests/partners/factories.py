import datetime

import factory
from django.utils import timezone

from partners.enums import NeighbourhoodKind, OrganisationKind, Role
from partners.models import Neighbourhood, Organisation, Programme, User

TEST_PASSWORD = "correct-horse-battery-staple"  # noqa: S105


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Partenaire {n}")
    short_name = factory.Sequence(lambda n: f"P{n}")
    kind = OrganisationKind.INSERTION


ONE_YEAR = datetime.timedelta(days=365)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = "RéFLEX Nord-Isère"
    funder = "État"
    target_youths = 190
    start_date = datetime.date(2025, 9, 1)
    # Still running whatever day the suite runs on (the dates the tests write sit between 2025 and 2027).
    end_date = factory.LazyFunction(lambda: max(datetime.date(2027, 8, 31), timezone.localdate() + ONE_YEAR))


class NeighbourhoodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Neighbourhood

    name = factory.Sequence(lambda n: f"Quartier {n}")
    town = "Bourgoin-Jallieu"
    kind = NeighbourhoodKind.QPV


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"staff{n}@example.org")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.PROFESSIONAL
    password = factory.django.Password(TEST_PASSWORD)

    class Params:
        coordinator = factory.Trait(role=Role.COORDINATOR)
        funder = factory.Trait(role=Role.FUNDER, organisation=None)
        deactivated = factory.Trait(is_active=False)
