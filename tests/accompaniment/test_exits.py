import datetime

from django.urls import reverse

from accompaniment.enums import ExitGroup, PathwayStatus
from accompaniment.models import Exit, ExitCheck, add_months

from .factories import PathwayFactory


def post_exit(client, pathway, outcome, exited_on="2026-10-15"):
    return client.post(
        reverse("accompaniment:exit_create", args=[pathway.pk]), {"outcome": outcome, "exited_on": exited_on}
    )


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
