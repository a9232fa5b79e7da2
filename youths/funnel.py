"""The funnel stage, derived from dated facts as SQL annotations (`Youth.objects.with_stage()`).

Later apps own some of the facts (a named contact, a follow-up, a pathway, an exit). They register, in their
AppConfig.ready(), a factory returning an expression correlated on OuterRef("pk") (the Youth) for a fact name:

    register_fact("mobilised_on", lambda: Subquery(...filter(youth=OuterRef("pk"))...values("on")[:1]))

Known fact names and how several providers combine (PostgreSQL's LEAST/GREATEST ignore NULLs):
- "mobilised_on": the date of the second meaningful contact (earliest wins: LEAST);
- "pathway_started_on": the start of the first pathway (LEAST);
- "exited_on": the date of the exit that ended the latest pathway, when no pathway is active (GREATEST);
- "lost_on": the date contact was lost, besides Youth.lost_contact_on (GREATEST);
- "last_contact_on": the latest contact of any kind (outreach contact, follow-up…), besides the first contact
  (GREATEST).
"""

from django.db import models
from django.db.models import Value
from django.db.models.functions import Greatest, Least

FACT_NAMES = ("mobilised_on", "pathway_started_on", "exited_on", "lost_on", "last_contact_on")
EARLIEST_WINS = {"mobilised_on", "pathway_started_on"}
_providers = {name: [] for name in FACT_NAMES}


def register_fact(name, expression_factory):
    if name not in _providers:
        raise ValueError(f"Unknown funnel fact {name!r}; known: {', '.join(FACT_NAMES)}")
    _providers[name].append(expression_factory)


def fact_providers(name):
    return list(_providers[name])


def fact_expression(name, *own):
    """One SQL expression for a fact: the registered providers (plus `own` expressions) combined, or NULL."""
    expressions = [*own, *(factory() for factory in fact_providers(name))]
    if not expressions:
        return Value(None, output_field=models.DateField())
    if len(expressions) == 1:
        return expressions[0]
    combine = Least if name in EARLIEST_WINS else Greatest
    return combine(*expressions, output_field=models.DateField())
