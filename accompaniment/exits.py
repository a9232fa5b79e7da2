"""Closing the loop after an exit: what the pathway still holds open, and closing it in one step.

After the exit, the pathway's open barriers, planned actions and future appointments are listed; the referent
decides for each (the defaults: barriers closed at the exit without counting as lifted, actions and appointments
cancelled) and every row keeps the exit that closed it, so the record says why.
"""

from django.db import transaction
from django.utils import timezone

from .enums import CLOSED_BY_EXIT, ActionStatus, AppointmentStatus, BarrierStatus
from .models import Appointment, Barrier

BARRIER_LIFTED, BARRIER_CLOSED, KEEP = "lifted", "closed", "keep"
ACTION_DONE, ACTION_CANCELLED = "done", "cancelled"


def open_items(pathway):
    """(open barriers, planned actions, planned appointments from now on) of the pathway's young person."""
    barriers = list(Barrier.objects.open().filter(pathway=pathway).order_by("identified_on", "pk"))
    actions = list(pathway.actions.filter(status=ActionStatus.PLANNED).order_by("starts_on", "pk"))
    appointments = list(
        Appointment.objects.planned()
        .filter(youth_id=pathway.youth_id, starts_at__gte=timezone.now())
        .select_related("staff")
        .order_by("starts_at", "pk")
    )
    return barriers, actions, appointments


def close_loop(exit, *, barriers, actions, appointments, by):
    """Apply the referent's decisions: `barriers` and `actions` map each row to what becomes of it (KEEP leaves it),
    `appointments` are the ones to cancel."""
    with transaction.atomic():
        for barrier, decision in barriers.items():
            if decision == KEEP:
                continue
            if decision == BARRIER_LIFTED:
                barrier.status = BarrierStatus.LIFTED
                barrier.lifted_on = max(exit.exited_on, barrier.identified_on)
            else:
                barrier.status = BarrierStatus.CLOSED
            barrier.closed_by_exit = exit
            barrier.save()
        for action, decision in actions.items():
            if decision == KEEP:
                continue
            action.status = ActionStatus.DONE if decision == ACTION_DONE else ActionStatus.CANCELLED
            action.closed_by_exit = exit
            action.save(update_fields=["status", "closed_by_exit"])
        for appointment in appointments:
            appointment.mark(AppointmentStatus.CANCELLED, by=by, reason=CLOSED_BY_EXIT)
