"""A small hand-built dataset whose every figure is written by hand in test_indicators.py.

Period under test: 1 January – 31 March 2026 (90 days); previous period: 3 October – 31 December 2025.
Programme start: 1 September 2025 (ProgrammeFactory).

In scope:
  Y1  F, born 2008-05-01 (17 at first contact), QPV, no diploma; first contact and notice 2026-01-10,
      follow-up 2026-01-20, pathway 2026-02-01 (referent: professional, MLNI), exit 2026-03-15 permanent contract.
  Y2  M, born 2000-01-01 (25), QVA, level 4; identified 2025-11-05, follow-up 2026-01-05, pathway 2026-02-10
      (referent: outsider, Tremplin).
  Y3  M, birth year 2000 (26 in 2026), no neighbourhood, level 3; identified 2026-02-01; no referent, created by
      Tremplin.
  Y5  F, born 2003-04-04, QPV, level 3; identified 2025-10-10, follow-up 2025-10-20, pathway 2025-11-01 (referent:
      professional), exit 2025-12-15 qualifying training.
  Y7  M, born 1999-06-01 (26), QPV, level 5+; identified 2026-01-02, follow-up 2026-03-01, pathway 2026-03-10
      (referent: professional).
Left out:
  Y4  confirmed out of target (identified, pathway and exit in the period, barrier, actions).
  Y6  merged into Y1 (identified in the period).
"""

import datetime

import pytest

from accompaniment.enums import (
    ActionCategory,
    ActionKind,
    ActionStatus,
    Attendance,
    BarrierCategory,
    BarrierStatus,
    ExitOutcome,
)
from accompaniment.models import Action, Barrier, Exit, FollowUp, Participation, Pathway
from partners.enums import NeighbourhoodKind
from reflex.reports import documents
from reflex.reports.indicators import Period
from tests.partners.factories import NeighbourhoodFactory
from youths.enums import QualificationLevel, Sex
from youths.models import Youth

D = datetime.date
PERIOD = Period(D(2026, 1, 1), D(2026, 3, 31))


@pytest.fixture(autouse=True)
def private_reports_root(settings, tmp_path):
    """Generated files go to a temporary private folder during tests."""
    settings.REPORTS_ROOT = tmp_path / "reports"
    return settings.REPORTS_ROOT


def _youth(first_name, *, sex, first_contact_on, identified=True, **fields):
    return Youth.objects.create(
        first_name=first_name,
        last_name="Testeur",
        sex=sex,
        first_contact_on=first_contact_on,
        phone="06 12 34 56 78" if identified else "",
        information_notice_given_on=first_contact_on if identified else None,
        **fields,
    )


def _follow_up(youth, on, author):
    return FollowUp.objects.create(youth=youth, happened_on=on, author=author, summary="Entretien confidentiel")


@pytest.fixture
def dataset(programme, organisation, other_organisation, coordinator, professional, outsider):
    qpv = NeighbourhoodFactory(name="Champ-Fleuri", kind=NeighbourhoodKind.QPV)
    qva = NeighbourhoodFactory(name="Les Fougères", kind=NeighbourhoodKind.QVA)
    y1 = _youth(
        "Aïcha",
        sex=Sex.FEMALE,
        first_contact_on=D(2026, 1, 10),
        birth_date=D(2008, 5, 1),
        neighbourhood=qpv,
        qualification_level=QualificationLevel.NONE,
        created_by_organisation=organisation,
    )
    y2 = _youth(
        "Bilal",
        sex=Sex.MALE,
        first_contact_on=D(2025, 11, 5),
        birth_date=D(2000, 1, 1),
        neighbourhood=qva,
        qualification_level=QualificationLevel.LEVEL_4,
        created_by_organisation=organisation,
    )
    y3 = _youth(
        "Cédric",
        sex=Sex.MALE,
        first_contact_on=D(2026, 2, 1),
        birth_date=None,
        birth_year=2000,
        qualification_level=QualificationLevel.LEVEL_3,
        created_by_organisation=other_organisation,
    )
    y4 = _youth(
        "Dounia",
        sex=Sex.FEMALE,
        first_contact_on=D(2026, 1, 15),
        birth_date=D(1990, 1, 1),
        neighbourhood=qpv,
        out_of_target_confirmed=True,
        created_by_organisation=organisation,
    )
    y5 = _youth(
        "Emma",
        sex=Sex.FEMALE,
        first_contact_on=D(2025, 10, 10),
        birth_date=D(2003, 4, 4),
        neighbourhood=qpv,
        qualification_level=QualificationLevel.LEVEL_3,
        created_by_organisation=organisation,
    )
    y7 = _youth(
        "Gaël",
        sex=Sex.MALE,
        first_contact_on=D(2026, 1, 2),
        birth_date=D(1999, 6, 1),
        neighbourhood=qpv,
        qualification_level=QualificationLevel.LEVEL_5_PLUS,
        created_by_organisation=organisation,
    )
    y6 = _youth("Farid", sex=Sex.MALE, first_contact_on=D(2026, 2, 2), birth_date=D(2004, 1, 1), merged_into=y1)

    _follow_up(y1, D(2026, 1, 20), professional)
    _follow_up(y2, D(2026, 1, 5), outsider)
    _follow_up(y4, D(2026, 1, 16), professional)
    _follow_up(y5, D(2025, 10, 20), professional)
    _follow_up(y7, D(2026, 3, 1), professional)
    _follow_up(y6, D(2026, 2, 3), professional)

    p1 = Pathway.start(y1, referent=professional, by=coordinator, started_on=D(2026, 2, 1))
    p2 = Pathway.start(y2, referent=outsider, by=coordinator, started_on=D(2026, 2, 10))
    p4 = Pathway.start(y4, referent=professional, by=coordinator, started_on=D(2026, 1, 20))
    p5 = Pathway.start(y5, referent=professional, by=coordinator, started_on=D(2025, 11, 1))
    p7 = Pathway.start(y7, referent=professional, by=coordinator, started_on=D(2026, 3, 10))

    Exit.record(p1, outcome=ExitOutcome.PERMANENT_CONTRACT, exited_on=D(2026, 3, 15), by=professional)
    Exit.record(p4, outcome=ExitOutcome.QUALIFYING_TRAINING, exited_on=D(2026, 3, 1), by=professional)
    Exit.record(p5, outcome=ExitOutcome.QUALIFYING_TRAINING, exited_on=D(2025, 12, 15), by=professional)

    Barrier.objects.create(
        pathway=p1,
        category=BarrierCategory.MOBILITY,
        status=BarrierStatus.LIFTED,
        identified_on=D(2026, 2, 2),
        lifted_on=D(2026, 3, 1),
    )
    Barrier.objects.create(pathway=p2, category=BarrierCategory.HOUSING, identified_on=D(2026, 2, 15))
    Barrier.objects.create(
        pathway=p5,
        category=BarrierCategory.MOBILITY,
        status=BarrierStatus.LIFTED,
        identified_on=D(2025, 11, 2),
        lifted_on=D(2026, 1, 10),
    )
    Barrier.objects.create(pathway=p4, category=BarrierCategory.HEALTH, identified_on=D(2026, 1, 25))
    Barrier.objects.create(pathway=p1, category=BarrierCategory.HEALTH, identified_on=D(2026, 2, 3), notes="Secret")

    Action.objects.create(
        pathway=p1,
        category=ActionCategory.JOB_SEARCH,
        title="Ateliers CV",
        provider_organisation=organisation,
        status=ActionStatus.DONE,
        starts_on=D(2026, 2, 5),
    )
    Action.objects.create(
        pathway=p2,
        category=ActionCategory.TRAINING,
        title="Préqualification",
        provider_name="AFPA",
        starts_on=D(2026, 3, 1),
    )
    Action.objects.create(
        pathway=p7,
        category=ActionCategory.MOBILITY,
        title="Code de la route",
        provider_organisation=organisation,
        status=ActionStatus.CANCELLED,
        starts_on=D(2026, 3, 12),
    )
    Action.objects.create(
        pathway=p4,
        category=ActionCategory.HOUSING,
        title="Logement",
        provider_organisation=organisation,
        starts_on=D(2026, 2, 1),
    )
    workshop = Action.objects.create(
        kind=ActionKind.COLLECTIVE,
        category=ActionCategory.WORKSHOP,
        title="Atelier confiance",
        provider_organisation=other_organisation,
        status=ActionStatus.DONE,
        starts_on=D(2026, 2, 20),
    )
    Participation.objects.create(action=workshop, youth=y1, attendance=Attendance.PRESENT)
    Participation.objects.create(action=workshop, youth=y3, attendance=Attendance.REGISTERED)
    Participation.objects.create(action=workshop, youth=y4, attendance=Attendance.PRESENT)
    return {"y1": y1, "y2": y2, "y3": y3, "y4": y4, "y5": y5, "y6": y6, "y7": y7, "p1": p1}


@pytest.fixture
def captured_html(monkeypatch):
    """The HTML each PDF generation hands to WeasyPrint, in order (WeasyPrint still runs on it)."""
    pages = []
    original = documents.html_to_pdf

    def spy(html):
        pages.append(html)
        return original(html)

    monkeypatch.setattr(documents, "html_to_pdf", spy)
    return pages
