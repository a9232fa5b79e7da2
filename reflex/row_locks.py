"""Row locks taken before a stored copy is recomputed, so that two writers never store figures computed from two
snapshots that each miss the other's write.

A refresh (youths/funnel.py, outreach/session_figures.py) runs inside the writer's transaction. Under READ COMMITTED
each statement reads the data committed when it starts: if the refresh first locks the rows its result is keyed on
(the young person, the session) and only then computes, a second writer of the same young person waits for the
first to commit, and its computation, a later statement, sees the first one's rows. The lock is `FOR NO KEY UPDATE`:
it conflicts with itself and with an UPDATE of the row, but not with the `FOR KEY SHARE` lock that inserting a row
referencing it takes (a follow-up, a tally), so two writers adding rows under the same young person do not deadlock.
Rows are locked in id order; writers lock sessions before young people.

The kit knows no app: callers pass the model.
"""

from django.db import connection


def lock_rows(model, ids=None):
    """Lock these rows of `model` (all of them when `ids` is None) until the transaction ends: one query."""
    if ids is not None:
        ids = sorted({pk for pk in ids if pk is not None})
        if not ids:
            return
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    where, params = ("", []) if ids is None else (f" WHERE {pk} = ANY(%s::bigint[])", [ids])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {pk} FROM {table}{where} ORDER BY {pk} FOR NO KEY UPDATE", params)


def lock_rows_where(model, sql, params):
    """Lock the rows of `model` whose id is in the result of `sql` (one column of ids): one query."""
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {pk} FROM {table} WHERE {pk} IN ({sql}) ORDER BY {pk} FOR NO KEY UPDATE", params)
