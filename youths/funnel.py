"""The funnel stage, derived from dated facts as SQL annotations.

Later apps own some of the facts (a named contact, a follow-up, a pathway, an exit). They register, in their
AppConfig.ready(), a factory returning an expression correlated on OuterRef("pk") for a fact name:

    register_fact("mobilised_on", lambda: Subquery(...))

Known fact names:
- "mobilised_on": the date of the second meaningful contact (several providers: the earliest wins);
- "pathway_started_on": the start of the first pathway;
- "exited_on": the date of the exit that ended the latest pathway, when no pathway is active;
- "lost_on": the date contact was lost (besides Youth.lost_contact_on).
"""

FACT_NAMES = ("mobilised_on", "pathway_started_on", "exited_on", "lost_on")
_providers = {name: [] for name in FACT_NAMES}


def register_fact(name, expression_factory):
    if name not in _providers:
        raise ValueError(f"Unknown funnel fact {name!r}; known: {', '.join(FACT_NAMES)}")
    _providers[name].append(expression_factory)


def fact_providers(name):
    return list(_providers[name])
