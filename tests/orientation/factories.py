import datetime

import factory
from django.utils import timezone

from orientation.models import Orientation, Service, Structure
from tests.accompaniment.factories import BarrierFactory


class StructureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Structure

    name = factory.Sequence(lambda n: f"Structure {n}")
    address = "12 rue de la République"
    postcode = "38300"
    town = "Bourgoin-Jallieu"


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    structure = factory.SubFactory(StructureFactory)
    name = factory.Sequence(lambda n: f"Service {n}")
    themes = factory.LazyFunction(lambda: ["mobilite--preparer-un-permis"])
    modes = factory.LazyFunction(lambda: ["en-presentiel"])


class OrientationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Orientation

    barrier = factory.SubFactory(BarrierFactory)
    service = factory.SubFactory(ServiceFactory)
    oriented_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    expected_answer_on = factory.LazyAttribute(lambda o: o.oriented_on + datetime.timedelta(days=7))
