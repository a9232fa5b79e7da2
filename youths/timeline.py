"""One timeline per young person, fed by every app that records something about them.

An app registers, in its AppConfig.ready(), a function `entries(youth, user)` returning TimelineEntry objects;
it must run a bounded number of queries (never one per entry) and leave out what `user` may not see.
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


def entries_for(youth, user):
    entries = [entry for provider in _providers for entry in provider(youth, user)]
    return sorted(entries, key=lambda entry: entry.on, reverse=True)
