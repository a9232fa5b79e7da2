"""A young person with something in every table that holds personal data, for the privacy tests."""

import datetime

import pytest

from accompaniment.enums import BarrierCategory, ExitOutcome, FollowUpMode
from accompaniment.models import Action, Exit, ExitCheck, FollowUp, ReferentChange
from tests.accompaniment.factories import ActionFactory, BarrierFactory, ParticipationFactory, PathwayFactory
from tests.outreach.factories import NamedContactFactory, OnlineOutreachFactory
from youths.enums import Institution, QualificationLevel, Sex
from youths.models import InstitutionKnowledge, Youth

D = datetime.date


FIRST_CONTACT = D(2026, 1, 10)
BIRTH_DATE = D(2008, 11, 20)  # 17 at first contact, 18 in the year of the first contact


def full_youth(*, referent, first_contact_on=FIRST_CONTACT, birth_date=BIRTH_DATE, **fields):
    """Identity, notes and free text in every table: pathway (ended with an exit and its checks), barriers (one of
    them about health), an action, follow-ups (one confidential), a referent change with a reason, an outreach
    contact, online outreach, a collective action and an institution."""
    values = {
        "first_name": "Yasmine",
        "last_name": "Benaïssa",
        "nickname": "Yaya",
        "sex": Sex.FEMALE,
        "birth_date": birth_date,
        "phone": "06 11 22 33 44",
        "email": "yasmine.benaissa@example.org",
        "social_handle": "@yaya_38",
        "town": "Bourgoin-Jallieu",
        "first_contact_on": first_contact_on,
        "qualification_level": QualificationLevel.NONE,
        "left_school_on": D(2024, 6, 30),
        "information_notice_given_on": first_contact_on,
        "notes": "Vit chez sa tante Mme Benaïssa, rue des Lilas",
    }
    youth = Youth.objects.create(**{**values, **fields})
    InstitutionKnowledge.objects.create(youth=youth, institution=Institution.CAF, since=D(2025, 3, 1))
    day = first_contact_on
    pathway = PathwayFactory(youth=youth, referent=referent, started_on=day + datetime.timedelta(days=20))
    ReferentChange.objects.create(
        pathway=pathway, changed_on=pathway.started_on, reason="Yasmine préfère une conseillère", to_referent=referent
    )
    BarrierFactory(pathway=pathway, category=BarrierCategory.MOBILITY, notes="Pas de permis, scooter de Karim")
    BarrierFactory(pathway=pathway, category=BarrierCategory.HEALTH, notes="Suivi au CMP de Villefontaine")
    ActionFactory(pathway=pathway, title="RDV auto-école Yasmine", notes="Payé par la tante")
    FollowUp.objects.create(
        youth=youth,
        pathway=pathway,
        author=referent,
        happened_on=day + datetime.timedelta(days=25),
        mode=FollowUpMode.OFFICE,
        summary="Yasmine cherche un CAP coiffure",
        next_step="Appeler Yasmine au 06 11 22 33 44",
    )
    FollowUp.objects.create(
        youth=youth,
        pathway=pathway,
        author=referent,
        happened_on=day + datetime.timedelta(days=30),
        summary="Situation familiale difficile",
        confidential=True,
    )
    exit = Exit.record(
        pathway,
        outcome=ExitOutcome.QUALIFYING_TRAINING,
        exited_on=day + datetime.timedelta(days=40),
        by=referent,
        notes="Entrée en formation chez Coiffure Benaïssa",
    )
    ExitCheck.objects.filter(exit=exit).update(notes="Yasmine a tenu bon")
    session_contact = NamedContactFactory(youth=youth, session__date=day)
    online = OnlineOutreachFactory(date=day)
    online.youths.add(youth)
    ParticipationFactory(youth=youth, action__starts_on=day + datetime.timedelta(days=28))
    assert Action.objects.filter(pathway=pathway).exists() and session_contact.pk
    return youth


@pytest.fixture
def youth(professional, programme):
    """Yasmine, referred by `professional`."""
    return full_youth(referent=professional)


@pytest.fixture
def data_protection_officer(other_organisation):
    """The person an administrator named to answer the young people's requests for their data."""
    from tests.partners.factories import UserFactory

    return UserFactory(organisation=other_organisation, first_name="Delphine", is_data_protection_officer=True)


@pytest.fixture
def dpo_client(data_protection_officer):
    from django.test import Client

    client = Client()
    client.force_login(data_protection_officer)
    return client
