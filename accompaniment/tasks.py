"""Background work of the accompaniment, run by the database worker. The tasks framework has no scheduler: enqueue
the reminders once a day (README, "Appointment reminders")."""

from datetime import timedelta

from reflex.worker.policies import bounded_task

from .reminders import send_reminders


# A retry sends nothing twice: one reminder per appointment and channel (reminders.py).
@bounded_task(time_limit=timedelta(minutes=15), max_attempts=3)
def send_reminders_task():
    """Remind young people who agreed of tomorrow's appointments; returns {status: count}. Safe to run twice."""
    return send_reminders()
