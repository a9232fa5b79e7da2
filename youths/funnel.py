"""The funnel stage, derived from dated facts (`Youth.objects.with_stage()`).

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

Correlated subqueries over the whole table are too slow for lists and counts at department scale, so the whole
funnel (the dates, the stage and its date) is stored, one `FunnelFacts` row per young person, and refreshed when a
row it derives from changes (the young person's own record is one). Each app also registers its *sources*: the
models whose saves and deletes change a fact, with the path from such a row to its young person
(`register_source(NamedContact, "youth_id")`). Bulk writes that bypass signals (QuerySet.update, bulk_create) call
`refresh(youth_ids)` themselves, or `refresh()` for everyone.

Each refresh locks the young people's rows before it computes (reflex/row_locks.py), so that two writers of the
same young person at the same moment store what both wrote, not what the later one's snapshot saw; the daily check
(reflex/reports/derived_check.py) compares the stored rows with a fresh computation and repairs any drift.

`refresh()` writes today's STORED columns: migrations never call it (they would write columns their schema does not
have yet); the first check the worker runs after a migrate fills the table.
"""

import contextlib
import threading

from django.db import connection, models, transaction
from django.db.models import Value
from django.db.models.functions import Greatest, Least
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from reflex.row_locks import lock_rows

from .keys import SEARCH_KEY_FIELDS

FACT_NAMES = ("mobilised_on", "pathway_started_on", "exited_on", "lost_on", "last_contact_on")
EARLIEST_WINS = {"mobilised_on", "pathway_started_on"}
_providers = {name: [] for name in FACT_NAMES}
_sources = {}
_locked_first = {}
_paused = threading.local()


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


# The columns of `FunnelFacts`, besides the young person: the funnel of `Youth.objects.with_computed_stage()`, the
# age at first contact, and copies of the record's search keys and of the record's fields that decide who may see it.
STORED = (
    "current",
    "first_contact_on",
    "identified_on",
    *FACT_NAMES,
    "stage",
    "stage_on",
    "age_at_first_contact",
    *SEARCH_KEY_FIELDS,
    "referent_id",
    "shares_with_consortium",
)


def _computed(youths):
    """`youths` with every stored column computed afresh, as annotations named `computed_<column>` (in STORED's
    order: the INSERT below relies on it)."""
    from django.db.models import BooleanField, ExpressionWrapper, F, Q

    current = ExpressionWrapper(Q(merged_into__isnull=True), output_field=BooleanField())
    columns = {"current": current, **{name: F(name) for name in STORED[1:]}}
    return (
        youths.with_computed_stage()
        .with_computed_age()
        .annotate(**{f"computed_{name}": columns[name] for name in STORED})
    )


# ---------------------------------------------------------------------------------------------------------------
# The stored facts


def refresh(youth_ids=None):
    """Recompute the stored funnel of these young people (everyone when None): their rows locked (reflex/row_locks.py:
    a concurrent writer of the same young person waits, then computes from what this one committed), then one
    INSERT … ON CONFLICT."""
    from .models import Youth

    youths = Youth.objects.all()
    if youth_ids is not None:
        youth_ids = {pk for pk in youth_ids if pk is not None}
        if not youth_ids:
            return
        youths = youths.filter(pk__in=youth_ids)
    with transaction.atomic(savepoint=False):
        lock_rows(Youth, youth_ids)
        _write(youths)


def _write(youths):
    from .models import FunnelFacts

    query = _computed(youths.order_by()).values_list("pk", *(f"computed_{name}" for name in STORED))
    sql, params = query.query.sql_with_params()
    quote = connection.ops.quote_name
    columns = ", ".join(quote(name) for name in STORED)
    updates = ", ".join(f"{quote(name)} = EXCLUDED.{quote(name)}" for name in STORED)
    table = quote(FunnelFacts._meta.db_table)
    stored = ", ".join(f"{table}.{quote(name)}" for name in STORED)
    fresh = ", ".join(f"EXCLUDED.{quote(name)}" for name in STORED)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (youth_id, {columns}) {sql} "
            f"ON CONFLICT (youth_id) DO UPDATE SET {updates} "
            f"WHERE ({stored}) IS DISTINCT FROM ({fresh})",  # unchanged rows are not rewritten (no dead rows)
            params,
        )


def stale_youth_ids():
    """Young people whose stored funnel differs from the one computed now (a consistency check)."""
    from .models import Youth

    stored = [f"funnel_facts__{name}" for name in STORED]
    computed = [f"computed_{name}" for name in STORED]
    rows = _computed(Youth.objects.order_by("pk")).values_list("pk", *stored, *computed)
    return [row[0] for row in rows if row[1 : 1 + len(STORED)] != row[1 + len(STORED) :]]


@contextlib.contextmanager
def refreshing_later():
    """Within this block, saves and deletes of sources do not refresh facts: the caller calls `refresh()`."""
    previous = getattr(_paused, "value", False)
    _paused.value = True
    try:
        yield
    finally:
        _paused.value = previous


def register_source(model, youth_path, lock_first=()):
    """Saves and deletes of `model` rows change the facts of the young people reached by `youth_path`.

    `youth_path` is a lookup from a row to a youth id ("youth_id", "pathway__youth_id", "named_contacts__youth_id").
    The ids are read before and after the change, so a row moved from one young person to another refreshes both.

    `lock_first`: (foreign key attribute, model) pairs naming rows the facts are read through, which another writer
    may change while this one adds a row under them (a named contact's session, whose date or status another
    writer changes): they are locked before the young people, so that one of the two writers waits for the other.
    """
    _sources[model] = youth_path
    _locked_first[model] = tuple(lock_first)
    uid = f"youths.funnel.{model._meta.label_lower}"
    pre_save.connect(_remember_before_change, sender=model, dispatch_uid=f"{uid}.pre_save", weak=False)
    post_save.connect(_refresh_after_change, sender=model, dispatch_uid=f"{uid}.post_save", weak=False)
    pre_delete.connect(_remember_before_change, sender=model, dispatch_uid=f"{uid}.pre_delete", weak=False)
    post_delete.connect(_refresh_after_change, sender=model, dispatch_uid=f"{uid}.post_delete", weak=False)


def forget_deleted_youth(sender, instance, **kwargs):
    from .models import FunnelFacts

    FunnelFacts.objects.filter(youth_id=instance.pk).delete()


def _youth_ids_of(sender, instance):
    path = _sources[sender]
    if "__" not in path:
        return {getattr(instance, path)}
    if instance.pk is None:
        return set()
    return set(sender._base_manager.filter(pk=instance.pk).values_list(path, flat=True))


def _remember_before_change(sender, instance, raw=False, **kwargs):
    if raw or getattr(_paused, "value", False):
        return
    if kwargs.get("signal") is pre_delete:
        before = _youth_ids_of(sender, instance)
    elif instance.pk is None or instance._state.adding:
        before = set()
    elif _sources[sender] == "pk":
        before = {instance.pk}
    else:
        before = set(sender._base_manager.filter(pk=instance.pk).values_list(_sources[sender], flat=True))
    instance._funnel_youth_ids_before = before


def _refresh_after_change(sender, instance, raw=False, **kwargs):
    if raw or getattr(_paused, "value", False):
        return
    before = instance.__dict__.pop("_funnel_youth_ids_before", set())
    deleted = kwargs.get("signal") is post_delete
    for attribute, parent in _locked_first.get(sender, ()):
        lock_rows(parent, [getattr(instance, attribute)])  # a row already gone (a cascade) locks nothing
    after = set() if deleted else _youth_ids_of(sender, instance)
    if not deleted and "__" in _sources[sender]:
        # The young people reached through other rows (a session's named contacts) were read before they were
        # locked: a writer that committed in between (a merge moving the contacts) may have changed who they are.
        from .models import Youth

        with transaction.atomic(savepoint=False):
            lock_rows(Youth, before | after)
            after |= _youth_ids_of(sender, instance)
            refresh(before | after)
        return
    refresh(before | after)
