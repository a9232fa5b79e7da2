"""The stored copies kept for speed, registered by the app that owns each one, so that one daily check
(reflex/reports/derived_check.py, run by the worker) can compare each with a fresh computation and repair drift, and
so that the documentation lists them all (README, "Derived data").

An app registers, in its AppConfig.ready():

    derived_data.register(DerivedCopy("youths.FunnelFacts", stale=funnel.stale_youth_ids, repair=funnel.refresh))

`stale()` returns the keys (ids) whose stored rows differ from a fresh computation (missing and extra rows
included); `repair(keys)` recomputes those rows. The kit imports no app.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DerivedCopy:
    name: str
    stale: Callable[[], list]
    repair: Callable[[list], None]


_copies = {}


def register(copy):
    _copies[copy.name] = copy


def copies():
    return [_copies[name] for name in sorted(_copies)]
