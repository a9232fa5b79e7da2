import datetime

from django.urls import reverse

from accompaniment.enums import ExitGroup, PathwayStatus
from accompaniment.models import Exit, ExitCheck, add_months
from tests.submission_tokens import with_token

from .factories import PathwayFactory

# What a job or training exit records besides its outcome (the contract type, for a job).
JOB_DETAILS = {
    "cdi": {"employer": "Boulangerie Martin", "contract_type": "cdi", "weekly_hours": "35"},
    "apprenticeship": {"employer": "Garage du Centre", "contract_type": "apprenticeship"},
    "qualifying": {"employer": "AFPA Pont-de-Claix"},
}


def post_exit(client, pathway, outcome, exited_on="2026-10-15", **data):
    fields = {"outcome": outcome, "exited_on": exited_on, **JOB_DETAILS.get(outcome, {}), **data}
    return client.post(reverse("accompaniment:exit_create", args=[pathway.pk]), with_token(fields))


def test_a_job_exit_ends_the_pathway_and_schedules_two_checks(professional_client, professional, pathway):
    response = post_exit(professional_client, pathway, "cdi")
    assert response.status_code == 302
    pathway.refresh_from_db()
    assert pathway.status == PathwayStatus.ENDED and pathway.ended_on == datetime.date(2026, 10, 15)
    exit = Exit.objects.get()
    assert exit.group == ExitGroup.DURABLE_JOB
    assert list(exit.checks.values_list("months", "due_on")) == [
        (3, datetime.date(2027, 1, 15)),
        (6, datetime.date(2027, 4, 15)),
    ]
    pathway.youth.refresh_from_db()
    assert pathway.youth.referent == professional  # kept after the exit, for the checks


def test_an_exit_that_is_not_a_job_or_training_schedules_no_check(professional_client, pathway):
    post_exit(professional_client, pathway, "moved")
    assert Exit.objects.get().group == ExitGroup.MOVED
    assert not ExitCheck.objects.exists()


def test_an_exit_before_the_start_gets_a_french_message_and_nothing_is_saved(professional_client, pathway):
    response = post_exit(professional_client, pathway, "qualifying", exited_on="2026-01-01")
    assert "La sortie ne peut pas être datée avant le début du parcours." in response.content.decode()
    pathway.refresh_from_db()
    assert pathway.status == PathwayStatus.ACTIVE and not Exit.objects.exists()


def test_an_exit_needs_an_outcome(professional_client, pathway):
    response = post_exit(professional_client, pathway, "")
    assert "Ce champ est obligatoire." in response.content.decode()


def test_the_outcomes_are_grouped_as_funders_count_them(professional_client, pathway):
    page = professional_client.get(reverse("accompaniment:exit_create", args=[pathway.pk])).content.decode()
    for group in ["Emploi durable", "Emploi de transition", "Alternance", "Formation", "Retour en scolarité"]:
        assert f'<optgroup label="{group}">' in page
    assert "Abandon / perdu de vue" in page and "Déménagement" in page


def test_the_referent_records_whether_it_held(professional_client, pathway):
    post_exit(professional_client, pathway, "apprenticeship")
    check = ExitCheck.objects.get(months=3)
    url = reverse("accompaniment:exit_check", args=[check.pk])
    response = professional_client.post(url, {"checked_on": "2026-10-20"})
    assert "Indiquez si l&#x27;emploi ou la formation a tenu." in response.content.decode()
    professional_client.post(url, {"held": "true", "checked_on": "2026-10-20"})
    check.refresh_from_db()
    assert check.held is True and check.checked_by == pathway.referent


def test_a_colleague_cannot_record_an_exit(colleague_client, pathway):
    assert post_exit(colleague_client, pathway, "cdi").status_code == 403
    assert not Exit.objects.exists()


def test_an_ended_pathway_cannot_exit_twice(professional_client, youth, professional):
    pathway = PathwayFactory(youth=youth, referent=professional)
    post_exit(professional_client, pathway, "cdi")
    post_exit(professional_client, pathway, "moved")
    assert Exit.objects.count() == 1


def test_add_months_keeps_the_end_of_month():
    assert add_months(datetime.date(2026, 11, 30), 3) == datetime.date(2027, 2, 28)
    assert add_months(datetime.date(2026, 8, 31), 6) == datetime.date(2027, 2, 28)


def test_the_exit_field_is_labelled_as_an_exit_reason_in_french(professional_client, pathway):
    page = professional_client.get(reverse("accompaniment:exit_create", args=[pathway.pk])).content.decode()
    assert "Motif de sortie" in page
    assert "Suite donnée" not in page


def test_a_job_exit_records_the_employer_contract_start_and_hours(professional_client, pathway):
    post_exit(professional_client, pathway, "cdi", job_starts_on="2026-10-20")
    exit = Exit.objects.get()
    assert (exit.employer, exit.contract_type, exit.job_starts_on, exit.weekly_hours) == (
        "Boulangerie Martin",
        "cdi",
        datetime.date(2026, 10, 20),
        35,
    )
    page = professional_client.get(reverse("accompaniment:youth", args=[pathway.youth.pk])).content.decode()
    assert "Boulangerie Martin · CDI" in page and "35 h par semaine" in page


def test_a_job_exit_without_employer_or_contract_or_with_details_it_cannot_have_is_refused(
    professional_client, pathway
):
    page = post_exit(professional_client, pathway, "cdd_short", weekly_hours="90").content.decode()
    assert "Indiquez l&#x27;employeur ou l&#x27;organisme de formation." in page
    assert "Indiquez le type de contrat." in page
    assert "Assurez-vous que cette valeur est inférieure ou égale à 60." in page
    page = post_exit(professional_client, pathway, "moved", employer="Quelque part").content.decode()
    assert "Seulement pour une sortie en emploi, en alternance ou en formation." in page
    assert not Exit.objects.exists()
    post_exit(professional_client, pathway, "qualifying")
    assert Exit.objects.get().contract_type == "training"


def test_after_a_job_exit_what_remains_open_is_closed_in_one_step(professional_client, professional, pathway):
    from django.utils import timezone

    from accompaniment.models import Action, Appointment, Barrier

    from .factories import ActionFactory, AppointmentFactory, BarrierFactory

    mobility = BarrierFactory(pathway=pathway, category="mobility")
    housing = BarrierFactory(pathway=pathway, category="housing")
    lifted = BarrierFactory(pathway=pathway, category="digital", status="lifted", lifted_on=datetime.date(2026, 5, 1))
    planned = ActionFactory(pathway=pathway, title="Permis B")
    done = ActionFactory(pathway=pathway, title="Atelier CV", status="done")
    upcoming = AppointmentFactory(youth=pathway.youth, staff=professional, pathway=pathway)
    past = AppointmentFactory(
        youth=pathway.youth, staff=professional, starts_at=timezone.now() - datetime.timedelta(days=3)
    )
    response = post_exit(professional_client, pathway, "cdi", exited_on=timezone.localdate().isoformat())
    close_url = reverse("accompaniment:exit_close", args=[pathway.pk])
    assert response.url == close_url
    page = professional_client.get(close_url).content.decode()
    assert "Permis B" in page and "Atelier CV" not in page

    response = professional_client.post(
        close_url,
        {
            f"barrier_{mobility.pk}": "lifted",
            f"barrier_{housing.pk}": "closed",
            f"action_{planned.pk}": "cancelled",
            f"appointment_{upcoming.pk}": "on",
        },
    )
    assert response.url == reverse("accompaniment:youth", args=[pathway.youth.pk])
    exit = Exit.objects.get()
    statuses = {b.pk: (b.status, b.closed_by_exit_id) for b in Barrier.objects.all()}
    assert statuses == {
        mobility.pk: ("lifted", exit.pk),
        housing.pk: ("closed", exit.pk),
        lifted.pk: ("lifted", None),
    }
    assert Barrier.objects.get(pk=mobility.pk).lifted_on == timezone.localdate()
    assert (Action.objects.get(pk=planned.pk).status, Action.objects.get(pk=planned.pk).closed_by_exit) == (
        "cancelled",
        exit,
    )
    assert Action.objects.get(pk=done.pk).closed_by_exit is None
    cancelled = Appointment.objects.get(pk=upcoming.pk)
    assert (cancelled.status, cancelled.status_reason, cancelled.status_changed_by) == (
        "cancelled",
        "exit",
        professional,
    )
    assert Appointment.objects.get(pk=past.pk).status == "planned"  # the past is the referent's to mark
    assert not Barrier.objects.open().exists()
    page = professional_client.get(reverse("accompaniment:youth", args=[pathway.youth.pk])).content.decode()
    assert "Clos à la sortie" in page and "à la sortie" in page
    assert professional_client.get(close_url).context["nothing_open"]


def test_the_youth_pdf_shows_what_the_exit_closed(professional, pathway):
    from django.utils import timezone

    from accompaniment import exits
    from reflex.reports.documents import youth_context
    from tests.reports.factories import GeneratedReportFactory

    from .factories import ActionFactory, BarrierFactory

    BarrierFactory(pathway=pathway, category="mobility")
    ActionFactory(pathway=pathway, title="Permis B")
    exit = Exit.record(
        pathway, outcome="cdi", exited_on=timezone.localdate(), by=professional, employer="Boulangerie Martin"
    )
    barriers, actions, appointments = exits.open_items(pathway)
    exits.close_loop(
        exit,
        barriers=dict.fromkeys(barriers, "closed"),
        actions=dict.fromkeys(actions, "cancelled"),
        appointments=appointments,
        by=professional,
    )
    from django.template.loader import render_to_string
    from django.utils import translation

    report = GeneratedReportFactory(youth_report=True, youth=pathway.youth, author=professional)
    with translation.override("fr"):
        html = render_to_string("reports/pdf/youth.html", youth_context(report))
    assert "Clos à la sortie" in html and "Annulée (à la sortie)" in html and "Boulangerie Martin" in html
    assert "<tr><td>Mobilité</td><td>Clos à la sortie</td>" in html  # no longer "identified"
    assert "<td>Permis B</td>" in html and "Prévue</td>" not in html  # no longer "planned"
