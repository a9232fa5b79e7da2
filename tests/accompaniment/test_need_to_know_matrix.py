"""The field-level access matrix: a canary in every field `accompaniment.need_to_know` declares, read back through
every page, fragment, form, PDF, export and admin page as each kind of user.

The young person shares with the consortium, so that every professional may open their record: only the field-level
rule stands between them and the notes. A shared note (a mobility barrier's, an ordinary follow-up's) is the control:
those who may open the accompaniment read it, so a page that stopped showing notes would fail here too.
"""

import io
from unittest import mock

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from accompaniment import need_to_know
from accompaniment.enums import BarrierCategory
from accompaniment.models import Barrier, FollowUp
from partners.models import User
from reflex.reports.enums import ReportKind
from reflex.reports.models import GeneratedReport
from tests.partners.factories import UserFactory
from tests.youths.factories import YouthFactory

from .factories import BarrierFactory, FollowUpFactory, PathwayFactory

pytestmark = pytest.mark.django_db

CANARIES = {
    "health barrier notes": "CANARI-SANTE-41",
    "justice barrier notes": "CANARI-JUSTICE-42",
    "confidential summary": "CANARI-RESUME-43",
    "confidential next step": "CANARI-ETAPE-44",
    "former health barrier notes": "CANARI-ANCIEN-45",  # only in the change history
}
SHARED = ["NOTE-PARTAGEE-MOBILITE", "SUIVI-PARTAGE-CV"]

KINDS = ["coordinator", "referent", "colleague", "outsider", "funder", "administrator", "dpo", "anonymous"]
# Who may read the restricted contents, where. Everything not listed here shows them to nobody.
HOLDERS = {"referent"}
READS_ON_PAGES = HOLDERS  # the accompaniment page, its panel, the timeline, the forms
READS_IN_SUBJECT_ACCESS = HOLDERS | {"dpo"}  # produced for the young person, journaled
# Who may open the accompaniment at all (so reads the shared control notes there).
OPENS_ACCOMPANIMENT = {"coordinator", "referent", "colleague", "outsider", "administrator", "dpo"}
ALL = set(CANARIES) - {"former health barrier notes"}
BARRIERS = {"health barrier notes", "justice barrier notes"}
FOLLOW_UP = {"confidential summary", "confidential next step"}


def test_the_declaration_covers_the_sensitive_fields():
    """The to-do a confidential follow-up's next step becomes is held like the step (test_follow_ups.py reads it as
    each kind of user)."""
    assert {(field.model, field.name) for field in need_to_know.SENSITIVE_FIELDS} == {
        ("accompaniment.Barrier", "notes"),
        ("accompaniment.FollowUp", "summary"),
        ("accompaniment.FollowUp", "next_step"),
        ("accompaniment.Todo", "title"),
    }


@pytest.fixture
def people(coordinator, professional, colleague, outsider, funder, organisation):
    administrator = User.objects.create_superuser(
        "admin@example.org", "x", first_name="Admin", last_name="RéFLEX", organisation=organisation
    )
    dpo = UserFactory(organisation=organisation, first_name="Delphine", is_data_protection_officer=True)
    return {
        "coordinator": coordinator,
        "referent": professional,
        "colleague": colleague,
        "outsider": outsider,
        "funder": funder,
        "administrator": administrator,
        "dpo": dpo,
        "anonymous": None,
    }


@pytest.fixture
def planted(people, programme):
    referent = people["referent"]
    youth = YouthFactory(identified=True, shared=True, first_name="Inès", last_name="Canari")
    pathway = PathwayFactory(youth=youth, referent=referent)
    health = BarrierFactory(
        pathway=pathway, category=BarrierCategory.HEALTH, notes=CANARIES["former health barrier notes"]
    )
    health.created_by = referent
    health.notes = CANARIES["health barrier notes"]  # an update: the history holds both versions
    health.save()
    justice = BarrierFactory(
        pathway=pathway, category=BarrierCategory.JUSTICE, notes=CANARIES["justice barrier notes"], created_by=referent
    )
    BarrierFactory(pathway=pathway, category=BarrierCategory.MOBILITY, notes=SHARED[0], created_by=referent)
    confidential = FollowUpFactory(
        youth=youth,
        pathway=pathway,
        author=referent,
        confidential=True,
        summary=CANARIES["confidential summary"],
        next_step=CANARIES["confidential next step"],
    )
    FollowUpFactory(youth=youth, pathway=pathway, author=referent, summary=SHARED[1])
    return {"youth": youth, "pathway": pathway, "health": health, "justice": justice, "confidential": confidential}


def _client(user, **headers):
    client = Client(headers=headers)
    if user is not None:
        client.force_login(user)
    return client


def _xlsx_text(content):
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return " ".join(str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row)


def _body(response):
    if response.get("Content-Type", "").startswith("application/vnd.openxml"):
        return _xlsx_text(b"".join(response.streaming_content) if response.streaming else response.content)
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def _pages(planted):
    """{name: (who may read restricted contents there, which of them a holder finds there, url)}."""
    youth, pathway = planted["youth"], planted["pathway"]
    return {
        "record and timeline": (
            "pages",
            BARRIERS | {"confidential summary"},  # the timeline shows summaries, not next steps
            reverse("youths:detail", args=[youth.pk]) + "?timeline=all",
        ),
        "accompaniment": ("pages", ALL, reverse("accompaniment:youth", args=[youth.pk]) + "?follow_ups=all"),
        "health barrier form": (
            "pages",
            {"health barrier notes"},
            reverse("accompaniment:barrier_edit", args=[planted["health"].pk]),
        ),
        "justice barrier form": (
            "pages",
            {"justice barrier notes"},
            reverse("accompaniment:barrier_edit", args=[planted["justice"].pk]),
        ),
        "confidential follow-up form": (
            "pages",
            FOLLOW_UP,
            reverse("accompaniment:follow_up_edit", args=[planted["confidential"].pk]),
        ),
        "referent's workspace": ("nobody", set(), reverse("accompaniment:workspace")),
        "dashboard": ("nobody", set(), reverse("accompaniment:dashboard")),
        "home": ("nobody", set(), reverse("home")),
        "youth list searched": ("nobody", set(), reverse("youths:list") + "?q=CANARI"),
        "youth search (htmx)": ("nobody", set(), reverse("youths:search") + "?q=CANARI"),
        "youth list export (CSV)": ("nobody", set(), reverse("youths:export", args=["csv"])),
        "youth list export (XLSX)": ("nobody", set(), reverse("youths:export", args=["xlsx"])),
        "youth report page": ("nobody", set(), reverse("reports:youth_report", args=[youth.pk])),
        "privacy page": ("nobody", set(), reverse("privacy:youth", args=[youth.pk])),
        "change history": ("nobody", set(), reverse("privacy:history", args=[youth.pk])),
        "subject access (JSON)": ("subject access", set(CANARIES), reverse("privacy:export_json", args=[youth.pk])),
        "subject access (PDF)": ("subject access", set(CANARIES), reverse("privacy:export_pdf", args=[youth.pk])),
        "pathway form": ("nobody", set(), reverse("accompaniment:pathway_edit", args=[pathway.pk])),
    }


def _admin_pages():
    return {f"admin: {model._meta.label}": reverse(admin_url_name(model)) for model in admin.site._registry} | {
        "admin: index": reverse("admin:index")
    }


def admin_url_name(model):
    return f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"


def _readers(where):
    return {"pages": READS_ON_PAGES, "subject access": READS_IN_SUBJECT_ACCESS, "nobody": set()}[where]


def _pdf_html(html, **kwargs):
    """The subject-access PDF's HTML, returned as is: what is checked is what would be printed."""
    return html.encode()


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_of_user_reads_restricted_contents_only_where_the_declaration_allows(kind, people, planted):
    client = _client(people[kind])
    htmx = _client(people[kind], **{"HX-Request": "true"})
    seen = {}
    with mock.patch("reflex.privacy.views.html_to_pdf", _pdf_html):
        for name, (where, shown, url) in _pages(planted).items():
            response = client.get(url)
            assert response.status_code < 500, (kind, name)
            seen[name] = (where, shown, response.status_code, _body(response) if response.status_code == 200 else "")
    panel = htmx.get(reverse("accompaniment:youth_panel", args=[planted["youth"].pk]))
    seen["accompaniment panel (htmx)"] = ("pages", FOLLOW_UP, panel.status_code, panel.content.decode())
    if people[kind] is not None and people[kind].is_staff:
        for name, url in _admin_pages().items():
            response = client.get(url)
            assert response.status_code == 200, (kind, name)
            seen[name] = ("nobody", set(), 200, response.content.decode())

    for name, (where, shown, status, body) in seen.items():
        for field, canary in CANARIES.items():
            if kind in _readers(where) and field in shown:
                assert canary in body, f"{kind} should read the {field} in {name} ({status})"
            else:
                assert canary not in body, f"{kind} reads the {field} in {name}"

    _where, _shown, status, page = seen["accompaniment"]
    if kind in OPENS_ACCOMPANIMENT:
        assert status == 200
        assert all(note in page for note in SHARED), kind  # the control: shared notes are shown
        if kind not in HOLDERS:
            holder = people["referent"].get_full_name()
            assert f"Note détenue par {holder}" in page  # that a note exists, and who holds it
            assert f"Note confidentielle, détenue par {holder}." in page
    else:
        assert status in (302, 403, 404)


def test_the_youth_progress_pdf_never_prints_restricted_contents(people, planted):
    from reflex.reports.documents import youth_context
    from reflex.reports.pdf import render_html

    for kind in ["coordinator", "referent", "colleague", "outsider"]:
        report = GeneratedReport(kind=ReportKind.YOUTH, youth=planted["youth"], author=people[kind])
        html = render_html("reports/pdf/youth.html", youth_context(report))
        assert SHARED[1] in html, kind
        assert not any(canary in html for canary in CANARIES.values()), kind


def test_no_admin_page_shows_the_accompaniment_or_its_history():
    registered = {model._meta.label for model in admin.site._registry}
    assert not {field.model for field in need_to_know.SENSITIVE_FIELDS} & registered
    assert not {label for label in registered if label.startswith("privacy.")}


def test_a_coordinator_can_neither_read_nor_overwrite_a_restricted_note(people, planted):
    client = _client(people["coordinator"])
    health, confidential = planted["health"], planted["confidential"]
    url = reverse("accompaniment:barrier_edit", args=[health.pk])
    page = client.get(url).content.decode()
    assert 'name="notes"' not in page
    assert f"Ce frein a des notes détenues par {people['referent'].get_full_name()}" in page

    data = {"category": "health", "status": "addressed", "identified_on": "2026-04-02", "notes": "ECRASE"}
    assert client.post(url, data).status_code == 302  # the status moves on, the notes stay
    health.refresh_from_db()
    assert (health.status, health.notes) == ("addressed", CANARIES["health barrier notes"])

    response = client.post(url, {**data, "category": "mobility"})  # out of the sensitive categories: refused
    assert response.status_code == 200 and "category" in response.context["form"].errors
    health.refresh_from_db()
    assert health.category == BarrierCategory.HEALTH

    edit = reverse("accompaniment:follow_up_edit", args=[confidential.pk])
    assert client.post(edit, {"happened_on": "2026-04-05", "mode": "office", "summary": "ECRASE"}).status_code == 403
    assert client.post(reverse("accompaniment:follow_up_delete", args=[confidential.pk])).status_code == 403
    assert FollowUp.objects.get(pk=confidential.pk).summary == CANARIES["confidential summary"]


def test_other_professionals_cannot_reach_the_forms(people, planted):
    for kind in ["colleague", "outsider", "dpo"]:
        client = _client(people[kind])
        url = reverse("accompaniment:barrier_edit", args=[planted["health"].pk])
        assert client.post(url, {"category": "health", "status": "lifted", "notes": "ECRASE"}).status_code == 403
        edit = reverse("accompaniment:follow_up_edit", args=[planted["confidential"].pk])
        data = {"happened_on": "2026-04-05", "mode": "office", "summary": "ECRASE", "next_step": "ECRASE"}
        assert client.post(edit, data).status_code == 403
    assert Barrier.objects.get(pk=planted["health"].pk).notes == CANARIES["health barrier notes"]
    confidential = FollowUp.objects.get(pk=planted["confidential"].pk)
    assert (confidential.summary, confidential.next_step) == (
        CANARIES["confidential summary"],
        CANARIES["confidential next step"],
    )


def test_the_referent_writes_the_notes_and_the_change_is_journaled(people, planted):
    from reflex.audit.models import AccessEntry

    client = _client(people["referent"])
    url = reverse("accompaniment:barrier_edit", args=[planted["health"].pk])
    assert 'name="notes"' in client.get(url).content.decode()
    data = {"category": "health", "status": "identified", "identified_on": "2026-04-02", "notes": "Suivi repris"}
    assert client.post(url, data).status_code == 302
    assert Barrier.objects.get(pk=planted["health"].pk).notes == "Suivi repris"
    assert AccessEntry.objects.filter(
        user=people["referent"], action="change", object_type="accompaniment.barrier"
    ).exists()


def test_the_change_history_shows_that_a_restricted_note_changed_not_its_text(people, planted):
    client = _client(people["coordinator"])
    page = client.get(reverse("privacy:history", args=[planted["youth"].pk])).content.decode()
    assert "(non affiché)" in page
