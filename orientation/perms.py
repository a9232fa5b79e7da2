"""Who may see and do what with the directory and the orientations. Each rule takes the user first.

- The directory: every professional and coordinator reads it; coordinators add, edit and import entries.
- An orientation is made by whoever runs the pathway (the referent, coordinators), from an open barrier.
- A service with a consortium contact person: that person reads what they need (the young person's first name or
  nickname, the barrier's category: never its notes) and answers. Without one (an outside service), the referent
  and coordinators record the answer.
- Funders: counts only, in the reports; nothing here.
"""

from accompaniment.enums import BarrierStatus
from accompaniment.perms import can_manage_pathway, can_use_accompaniment

from .enums import OrientationStatus


def can_use_directory(user):
    return can_use_accompaniment(user)


def can_edit_directory(user):
    return getattr(user, "is_authenticated", False) and user.is_coordinator


def can_orient(user, barrier):
    pathway = barrier.pathway
    return can_manage_pathway(user, pathway) and pathway.is_open and barrier.status != BarrierStatus.LIFTED


def is_receiver(user, orientation):
    return orientation.service.contact_person_id is not None and orientation.service.contact_person_id == user.pk


def follows_for_referent(user, orientation):
    """The referent's side: the pathway's referent and coordinators."""
    return can_manage_pathway(user, orientation.barrier.pathway)


def can_view_orientation(user, orientation):
    return can_use_directory(user) and (is_receiver(user, orientation) or follows_for_referent(user, orientation))


def can_answer_orientation(user, orientation):
    """The partner's contact person; for an outside service, the referent's side."""
    if not can_use_directory(user) or orientation.status not in (OrientationStatus.SENT, OrientationStatus.ACCEPTED):
        return False
    contact = orientation.service.contact_person
    if contact is not None and contact.is_active:
        return is_receiver(user, orientation)
    # An outside service, or a partner's whose contact person has left: the referent's side records the answer.
    return follows_for_referent(user, orientation)
