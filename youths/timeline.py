"""One timeline per young person, fed by every app that records something about them.

An app registers, in its AppConfig.ready(), a function `entries(youth, user, limit)` returning TimelineEntry
objects; it must run a bounded number of queries (never one per entry) and leave out what `user` may not see. With a
`limit`, each of its lists of entries may stop at its `limit` latest (the merged timeline keeps the `limit` latest of
all, so it loses nothing it shows).
"""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class TimelineEntry:
    on: date
    kind: str  # a short machine name, e.g. "contact", "follow_up", "action", "exit"
    title: str
    detail: str = ""
    url: str = ""
    author: str = ""


_providers = []


def register(provider):
    _providers.append(provider)


def entries_for(youth, user, limit=None):
    """The latest first; at most `limit` of them (None: all)."""
    entries = [entry for provider in _providers for entry in provider(youth, user, limit)]
    return sorted(entries, key=lambda entry: entry.on, reverse=True)[:limit]
