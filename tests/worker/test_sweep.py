"""The sweep that takes back running tasks whose worker is gone, and what a report page then shows."""

import ast
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reflex.privacy import tasks as privacy_tasks
from reflex.reports import tasks as report_tasks
from reflex.reports.enums import ReportStatus
from reflex.typography import french_spacing as fr
from reflex.worker.models import WorkerHeartbeat
from reflex.worker.policies import declared_policies
from reflex.worker.runner import recover_lost_tasks
from tests.reports.factories import GeneratedReportFactory

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def running_report_task(report, *, workers, started_ago=timedelta(minutes=5)):
    with override_settings(TASKS=DATABASE_BACKEND):
        task_id = report_tasks.generate_report.enqueue(report.pk).id
    report.task_result_id = task_id
    report.status = ReportStatus.RUNNING
    report.save()
    DBTaskResult.objects.filter(pk=task_id).update(
        status="RUNNING", started_at=timezone.now() - started_ago, worker_ids=workers
    )
    return DBTaskResult.objects.get(pk=task_id)


def beat(worker_id, *, ago, task_id=None):
    now = timezone.now()
    WorkerHeartbeat.objects.create(
        worker_id=worker_id, hostname="here", pid=1, started_at=now - ago, seen_at=now - ago, task_id=task_id
    )


def test_a_task_whose_worker_stopped_beating_is_queued_again(coordinator):
    report = GeneratedReportFactory(author=coordinator)
    result = running_report_task(report, workers=["gone"])
    beat("gone", ago=timedelta(minutes=5), task_id=result.id)
    assert recover_lost_tasks() == ([result.id], [])
    result.refresh_from_db()
    assert result.status == "READY"
    assert result.started_at is None


def test_a_task_whose_worker_is_alive_and_on_it_is_left_alone(coordinator):
    report = GeneratedReportFactory(author=coordinator)
    result = running_report_task(report, workers=["alive"])
    beat("alive", ago=timedelta(seconds=1), task_id=result.id)
    assert recover_lost_tasks() == ([], [])
    result.refresh_from_db()
    assert result.status == "RUNNING"


def test_a_task_its_living_worker_no_longer_runs_is_taken_back(coordinator):
    """The worker lost its connection mid-task, reconnected and moved on: the task is not its any more."""
    report = GeneratedReportFactory(author=coordinator)
    result = running_report_task(report, workers=["alive"])
    beat("alive", ago=timedelta(seconds=1), task_id=None)
    assert recover_lost_tasks() == ([result.id], [])


def test_a_task_just_claimed_is_given_time_to_show_its_heartbeat(coordinator):
    report = GeneratedReportFactory(author=coordinator)
    result = running_report_task(report, workers=["new"], started_ago=timedelta(seconds=1))
    assert recover_lost_tasks() == ([], [])
    result.refresh_from_db()
    assert result.status == "RUNNING"


def test_after_its_last_attempt_the_report_fails_and_offers_a_restart(coordinator, coordinator_client, settings):
    settings.LANGUAGE_CODE = "fr"
    report = GeneratedReportFactory(author=coordinator)
    result = running_report_task(report, workers=["one", "two", "three"])
    assert recover_lost_tasks() == ([], [result.id])
    result.refresh_from_db()
    assert result.status == "FAILED"
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert report.error == (
        fr("Le processus qui exécutait la tâche s'est arrêté (3 tentatives) ; la tâche a été abandonnée.")
    )
    fragment = coordinator_client.get(reverse("reports:status", args=[report.pk])).content.decode()
    assert "hx-trigger" not in fragment  # no more polling
    assert "Le rapport n&#x27;a pas pu être généré." in fragment or "Le rapport n'a pas pu être généré." in fragment
    assert "tentatives" in fragment
    assert reverse("reports:restart", args=[report.pk]) in fragment
    assert "Relancer" in fragment


def _declared_with_plain_task():
    """Functions decorated with Django's bare `@task` anywhere in the project: each must use `bounded_task`."""
    offenders = []
    for path in Path(settings.BASE_DIR).rglob("*.py"):
        if {".venv", "var", "node_modules", "bench"} & set(path.parts):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                for decorator in node.decorator_list:
                    target = decorator.func if isinstance(decorator, ast.Call) else decorator
                    if isinstance(target, ast.Name) and target.id == "task":
                        offenders.append(f"{path}:{node.name}")
    return offenders


def test_every_task_kind_has_a_time_limit():
    assert _declared_with_plain_task() == []
    assert privacy_tasks.apply_retention_task  # imported, so declared
    declared = declared_policies()
    assert "reflex.reports.tasks.generate_report" in declared
    assert "reflex.privacy.tasks.apply_retention_task" in declared
    assert all(policy.time_limit > timedelta(0) for policy in declared.values())


@pytest.mark.parametrize("worker_ids", [[], ["x"]])
def test_old_heartbeats_are_cleared(db, worker_ids):
    beat("ancient", ago=timedelta(days=2))
    recover_lost_tasks()
    assert not WorkerHeartbeat.objects.filter(pk="ancient").exists()


def test_a_report_waiting_while_no_worker_answers_says_so(coordinator, coordinator_client, settings):
    settings.TASKS = DATABASE_BACKEND
    report = GeneratedReportFactory(author=coordinator)
    report.task_result_id = report_tasks.generate_report.enqueue(report.pk).id
    report.save()
    url = reverse("reports:status", args=[report.pk])
    fragment = coordinator_client.get(url).content.decode()
    assert "Aucun processus de travail ne répond" in fragment
    assert "hx-trigger" in fragment  # it keeps waiting for one
    beat("alive", ago=timedelta(seconds=1))
    assert "Aucun processus de travail ne répond" not in coordinator_client.get(url).content.decode()
