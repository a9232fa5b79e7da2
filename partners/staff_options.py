"""The consortium's referents as select options, kept in the cache.

A department has over a thousand professionals: reading and sorting them on every youth list page cost more than
the rest of its queries. The list changes when an account is saved or deleted (which clears it here) and each
process keeps it at most `TIMEOUT` seconds, so other processes catch up within minutes (it only feeds a filter).
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

CACHE_KEY = "partners.referent_options"
HTML_CACHE_KEY = "partners.referent_options.html"
TIMEOUT = 300


def referent_options():
    """[(id, name)] of the active professionals and coordinators, sorted by name."""
    from .models import User

    return cache.get_or_set(CACHE_KEY, lambda: User.objects.professionals().as_choices(), TIMEOUT)


def referent_options_html():
    """The same, as the `<option>` tags of a filter's <select> (reflex.widgets.PrebuiltOptionsSelect)."""
    from reflex.widgets import option_tags

    return cache.get_or_set(HTML_CACHE_KEY, lambda: option_tags(referent_options()), TIMEOUT)


def forget_referent_options(**kwargs):
    cache.delete_many([CACHE_KEY, HTML_CACHE_KEY])


def connect(user_model):
    post_save.connect(forget_referent_options, sender=user_model, dispatch_uid="partners.referent_options.save")
    post_delete.connect(forget_referent_options, sender=user_model, dispatch_uid="partners.referent_options.delete")
