"""anonymise_youth: identity and free text erased everywhere, statistics kept, idempotent, journalled."""

from pathlib import Path

import pytest
from django.apps import apps
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Cast

from accompaniment.models import Action, Barrier, Exit, ExitCheck, FollowUp, Pathway, ReferentChange
from outreach.models import NamedContact
from reflex.audit.enums import AccessAction
from reflex.audit.models import AccessEntry
from reflex.privacy.anonymisation import anonymise_youth
from reflex.privacy.models import BarrierEvent, ExitEvent, FollowUpEvent, PathwayEvent, YouthEvent
from reflex.reports.enums import ReportKind, ReportStatus
from reflex.reports.models import GeneratedReport
from youths import duplicates
from youths.models import InstitutionKnowledge, Youth

from .conftest import full_youth

pytestmark = pytest.mark.django_db

# Everything that identifies Yasmine or was written about her (see conftest.full_youth).
SECRETS = [
    "Yasmine",
    "Benaïssa",
    "benaissa",
    "Yaya",
    "06 11 22 33 44",
    "611223344",
    "yaya_38",
    "rue des Lilas",
    "Villefontaine",
    "scooter",
    "auto-école",
    "Payé par",
    "familiale",
    "tenu bon",
    "préfère une conseillère",
    "CAP coiffure",
]
TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def rows_holding_secrets():
    """Every text column of every table of the project (history, admin log, journal…) searched for the secrets."""
    found = []
    for model in apps.get_models():
        if not model._meta.managed or model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, TEXT_FIELDS):
                continue
            column = Cast(field.name, models.TextField()) if isinstance(field, models.JSONField) else F(field.name)
            condition = Q()
            for secret in SECRETS:
                condition |= Q(probe__icontains=secret)
            matches = model._default_manager.annotate(probe=column).filter(condition)
            found += [f"{model._meta.label}.{field.name}#{pk}" for pk in matches.values_list("pk", flat=True)]
    return found


@pytest.fixture
def youth_report(youth, professional, settings, tmp_path):
    settings.REPORTS_ROOT = tmp_path / "reports"
    report = GeneratedReport.objects.create(kind=ReportKind.YOUTH, youth=youth, author=professional)
    report.store(b"%PDF-1.7 Yasmine Benaissa")
    assert report.status == ReportStatus.READY
    return report


def test_nothing_that_names_or_describes_them_is_left_anywhere(
    youth, youth_report, coordinator, django_capture_on_commit_callbacks
):
    assert len(rows_holding_secrets()) > 15  # the search finds them before (record, history, notes…)
    path = Path(youth_report.file.path)
    assert path.exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert anonymise_youth(youth, by=coordinator) is True

    assert rows_holding_secrets() == []
    youth.refresh_from_db()
    assert youth.nickname == f"Anonyme {youth.pk}" and youth.anonymised_at is not None
    assert (youth.first_name, youth.last_name, youth.phone, youth.email, youth.notes) == ("", "", "", "", "")
    assert youth.birth_date is None and youth.left_school_on is None
    assert [getattr(youth, key) for key in Youth.KEY_FIELDS] == [""] * len(Youth.KEY_FIELDS)
    assert not FollowUp.objects.filter(youth=youth).exclude(summary="", next_step="").exists()
    assert not Barrier.objects.filter(pathway__youth=youth).exclude(notes="").exists()
    assert not ReferentChange.objects.filter(pathway__youth=youth).exclude(reason="").exists()
    assert not Exit.objects.filter(pathway__youth=youth).exclude(notes="").exists()
    assert not ExitCheck.objects.filter(exit__pathway__youth=youth).exclude(notes="").exists()
    assert list(Action.objects.filter(pathway__youth=youth).values_list("title", "notes")) == [("Mobilité", "")]
    assert not GeneratedReport.objects.filter(pk=youth_report.pk).exists()
    assert not path.exists()
    for event_model in (YouthEvent, PathwayEvent, BarrierEvent, FollowUpEvent, ExitEvent):
        assert not event_model.objects.exists(), event_model


def test_what_the_statistics_count_is_kept(youth, coordinator):
    before = Youth.objects.with_stage().with_age().get(pk=youth.pk)
    counts = lambda: (  # noqa: E731
        Pathway.objects.filter(youth=youth).count(),
        Barrier.objects.filter(pathway__youth=youth).count(),
        Action.objects.filter(pathway__youth=youth).count(),
        FollowUp.objects.filter(youth=youth).count(),
        Exit.objects.filter(pathway__youth=youth).count(),
        ExitCheck.objects.filter(exit__pathway__youth=youth).count(),
        NamedContact.objects.filter(youth=youth).count(),
        InstitutionKnowledge.objects.filter(youth=youth).count(),
        youth.participations.count(),
        youth.online_outreach.count(),
    )
    counts_before = counts()

    anonymise_youth(youth, by=coordinator)

    after = Youth.objects.with_stage().with_age().get(pk=youth.pk)
    kept = [
        "sex",
        "neighbourhood_id",
        "town",
        "qualification_level",
        "first_contact_on",
        "information_notice_given_on",
        "referent_id",
        "shares_with_consortium",
        "identified_on",
        "mobilised_on",
        "pathway_started_on",
        "exited_on",
        "last_contact_on",
        "stage",
        "stage_on",
        "age_at_first_contact",
    ]
    assert {name: getattr(after, name) for name in kept} == {name: getattr(before, name) for name in kept}
    assert before.age_at_first_contact == 17 and after.birth_year == 2009  # the year that keeps the age band
    assert counts() == counts_before


def test_it_is_idempotent_and_journalled_once(youth, coordinator):
    assert anonymise_youth(youth, by=coordinator) is True
    snapshot = list(Youth.objects.filter(pk=youth.pk).values())
    assert anonymise_youth(youth, by=coordinator) is False
    assert list(Youth.objects.filter(pk=youth.pk).values()) == snapshot
    entries = AccessEntry.objects.filter(action=AccessAction.ANONYMISE, youth_id=youth.pk)
    assert [(entry.user, entry.action) for entry in entries] == [(coordinator, AccessAction.ANONYMISE)]


def test_records_merged_into_it_are_the_same_person_and_go_too(youth, professional, coordinator):
    merged = full_youth(referent=professional, merged_into=youth)
    anonymise_youth(youth, by=coordinator)
    merged.refresh_from_db()
    assert merged.anonymised_at is not None and merged.first_name == "" and merged.phone == ""
    assert rows_holding_secrets() == []


def test_an_anonymised_record_is_never_proposed_as_a_duplicate(youth, coordinator):
    anonymise_youth(youth, by=coordinator)
    candidates = duplicates.find_candidates(first_name="Yasmine", last_name="Benaïssa", phone="06 11 22 33 44")
    assert youth.pk not in [candidate.youth.pk for candidate in candidates]
