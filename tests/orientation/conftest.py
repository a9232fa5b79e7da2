import datetime

import pytest
from django.utils import timezone

from tests.accompaniment.factories import BarrierFactory, PathwayFactory
from tests.youths.factories import YouthFactory

from .factories import ServiceFactory


@pytest.fixture
def youth(db):
    """A young person who did not agree to share with the consortium: only their referent sees the record."""
    return YouthFactory(identified=True, first_name="Yasmine", last_name="Benaïssa", nickname="Yaz")


@pytest.fixture
def pathway(youth, professional, programme):
    return PathwayFactory(
        youth=youth, referent=professional, started_on=timezone.localdate() - datetime.timedelta(days=60)
    )


@pytest.fixture
def barrier(pathway):
    return BarrierFactory(
        pathway=pathway,
        category="health",
        identified_on=timezone.localdate() - datetime.timedelta(days=30),
        notes="Suivi psychologique en cours",
    )


@pytest.fixture
def partner_service(outsider):
    """A consortium partner's service: `outsider` (another partner's professional) answers its orientations."""
    return ServiceFactory(name="Point santé jeunes", themes=["sante--acces-aux-soins"], contact_person=outsider)


@pytest.fixture
def outside_service(db):
    return ServiceFactory(
        name="CPAM accueil droits",
        themes=["difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"],
    )
