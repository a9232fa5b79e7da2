"""Deterministic demo data. Each app contributes a `demo.seed(context)` function, run in dependency order."""

import importlib
import random
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from partners.demo import DEMO_PASSWORD  # noqa: F401 - the accounts' password, printed by `make run`

DEMO_ACCOUNTS = [
    ("claire.morel@mlnordisere.fr", "Coordinator"),
    ("karim.benali@mlnordisere.fr", "Professional (Mission Locale)"),
    ("nadia.haddad@tremplin-insertion.fr", "Professional (insertion association)"),
    ("financeur@isere.gouv.fr", "Funder"),
    ("admin@reflex.local", "Administrator (Django admin)"),
]

SEEDED_APPS = ["partners", "youths", "outreach", "accompaniment", "orientation", "reflex.reports", "reflex.audit"]


@dataclass
class DemoContext:
    scale: int = 1
    seed: int = 2026
    today: date = field(default_factory=timezone.localdate)
    stdout: object = None
    rng: random.Random = field(init=False)

    def __post_init__(self):
        self.rng = random.Random(self.seed)

    def say(self, message):
        if self.stdout is not None:
            self.stdout.write(message)


def seed_all(context):
    from youths import funnel

    with funnel.refreshing_later():  # much of the demo is written in bulk: the facts are computed once, at the end
        _seed_apps(context)
    funnel.refresh()


def _seed_apps(context):
    for app in SEEDED_APPS:
        try:
            module = importlib.import_module(f"{app}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.demo":
                raise
            continue
        # Each app draws from its own random stream so that adding data in one app leaves the others unchanged.
        context.rng = random.Random(f"{context.seed}-{app}")
        module.seed(context)
