"""Ending a person's sessions at once (deactivation). Sessions live in the database (django.contrib.sessions)."""

from django.contrib.sessions.models import Session
from django.utils import timezone


def end_sessions_of(user):
    """Delete every live session signed in as `user`; returns how many. Reads only unexpired sessions."""
    user_id = str(user.pk)
    ended = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get("_auth_user_id") == user_id
    ]
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


def end_sessions_of_deactivated(sender, instance, created=False, update_fields=None, **kwargs):
    """`post_save` receiver on the user model: a deactivated person is signed out everywhere, now."""
    if created or instance.is_active:
        return
    if update_fields is not None and "is_active" not in update_fields:
        return
    end_sessions_of(instance)
