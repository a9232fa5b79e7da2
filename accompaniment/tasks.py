"""Background work of the accompaniment, run by the database worker. The tasks framework has no scheduler: enqueue
the reminders once a day (README, "Appointment reminders")."""

from django.tasks import task

from .reminders import send_reminders


@task()
def send_reminders_task():
    """Remind young people who agreed of tomorrow's appointments; returns {status: count}. Safe to run twice."""
    return send_reminders()
