"""Password e-mails are sent by the worker, not inside the request."""

from django.test import override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from reflex import mail
from tests.submission_tokens import with_token

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_a_password_reset_is_queued_for_the_worker_and_the_page_answers_at_once(client, professional, mailoutbox):
    with override_settings(TASKS=DATABASE_BACKEND):
        response = client.post(reverse("password_reset"), {"email": professional.email})
    assert response.status_code == 302
    assert mailoutbox == []  # nothing sent inside the request
    queued = DBTaskResult.objects.get(task_path="reflex.mail.send_email")
    args = queued.args_kwargs["args"]
    assert args[3] == [professional.email]
    assert "mot de passe" in args[0]
    assert mail.send_email.call(*args) == 1  # what the worker runs
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [professional.email]


def test_an_unknown_address_queues_nothing(client, mailoutbox, db):
    with override_settings(TASKS=DATABASE_BACKEND):
        response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert not DBTaskResult.objects.filter(task_path="reflex.mail.send_email").exists()


def test_a_new_staff_account_gets_its_e_mail_through_the_worker(coordinator_client, organisation, mailoutbox):
    with override_settings(TASKS=DATABASE_BACKEND):
        response = coordinator_client.post(
            reverse("partners:staff_create"),
            with_token({"email": "nouvelle.personne@example.org", "first_name": "Lina", "last_name": "Roche",
                        "organisation": organisation.pk, "role": "professional", "is_active": "on"}),
        )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    assert mailoutbox == []
    assert DBTaskResult.objects.get(task_path="reflex.mail.send_email").args_kwargs["args"][3] == [
        "nouvelle.personne@example.org"
    ]
