"""Who may see and do what in a young person's accompaniment. Each rule takes the user first.

- Funders: nothing (no personal data).
- Coordinators: everything, including starting pathways and assigning or changing referents; not the notes kept for
  the referent alone (confidential follow-ups, health and justice barrier notes), which only their author and the
  referent read or write: see `need_to_know`, which declares those fields.
- The referent: runs their pathway (review date, pause/resume, barriers, actions, follow-ups, exit and its checks)
  and may hand it over to another referent (the change is recorded with its reason).
- Other professionals who may see the young person (`youths.perms.can_view_youth`: not yet assigned, or sharing
  with the consortium): see what is shared, add follow-ups and actions, and start a pathway when the young person
  has no referent yet; they do not change the referent nor run someone else's pathway.
"""

from youths.perms import can_view_youth

from . import need_to_know


def can_use_accompaniment(user):
    """Coordinators and professionals; funders never see personal data."""
    return getattr(user, "is_authenticated", False) and user.is_field_staff


def can_view_accompaniment(user, youth):
    return can_use_accompaniment(user) and can_view_youth(user, youth)


def is_referent(user, youth):
    """The young person's referent (Youth.referent, kept in sync by accompaniment)."""
    return getattr(user, "is_authenticated", False) and user.is_active and youth.referent_id == user.pk


def can_start_pathway(user, youth):
    """Coordinators; or a professional who may see the young person, when nobody refers them yet or they do."""
    if not can_view_accompaniment(user, youth):
        return False
    return user.is_coordinator or youth.referent_id in (None, user.pk)


def can_manage_pathway(user, pathway):
    """The pathway's referent and coordinators: review date, pause/resume, barriers, exit and exit checks."""
    if not can_use_accompaniment(user):
        return False
    return user.is_coordinator or pathway.referent_id == user.pk


def can_change_referent(user, pathway):
    """Coordinators assign referents; the referent may hand over (e.g. before leaving). Others may not."""
    return pathway.is_open and can_manage_pathway(user, pathway)


def can_add_follow_up(user, youth):
    """Anyone who works with the young person logs the exchanges they had."""
    return can_view_accompaniment(user, youth)


def can_add_action(user, youth):
    return can_view_accompaniment(user, youth)


def can_read_follow_up(user, follow_up, youth):
    """The summary and next step of a confidential follow-up: its holders (need_to_know); others: shared."""
    return need_to_know.can_read(user, follow_up, youth)


def can_read_barrier_notes(user, barrier, youth):
    """Notes on health and justice barriers are their holders' (need_to_know); others are shared."""
    return can_view_accompaniment(user, youth) and need_to_know.can_read(user, barrier, youth, "notes")


def can_edit_follow_up(user, follow_up):
    """Its author; coordinators too (to correct a mistake), unless it holds contents they may not write."""
    if not can_use_accompaniment(user):
        return False
    if follow_up.author_id == user.pk:
        return True
    return user.is_coordinator and not need_to_know.hidden_fields(user, follow_up, follow_up.youth)


def can_manage_collective_action(user, action):
    """Collective actions are the consortium's: any professional or coordinator organises them."""
    return can_use_accompaniment(user)


def can_view_dashboard(user):
    return getattr(user, "is_authenticated", False) and user.is_coordinator


def can_edit_action(user, action):
    """Individual action: its author, the referent and coordinators. Collective: see can_manage_collective_action."""
    if action.is_collective:
        return can_manage_collective_action(user, action)
    if not can_use_accompaniment(user):
        return False
    return user.is_coordinator or user.pk in (action.created_by_id, action.pathway.referent_id)


def can_add_appointment(user, youth):
    """Anyone who works with the young person plans a meeting with them."""
    return can_view_accompaniment(user, youth)


def can_manage_appointment(user, appointment):
    """Who holds it, the young person's referent and coordinators: move it, mark it attended, missed, cancelled."""
    if not can_use_accompaniment(user):
        return False
    return user.is_coordinator or user.pk in (appointment.staff_id, appointment.youth.referent_id)


def can_tick_todo(user, todo):
    """Who must do it, and the young person's referent."""
    if not can_use_accompaniment(user):
        return False
    return user.pk in (todo.owner_id, todo.youth.referent_id)
