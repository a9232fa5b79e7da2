"""The version of the source data, and figures kept in Django's cache under it until that data changes.

The version is a PostgreSQL sequence that a statement-level trigger bumps on every write to the tables the cached
figures are computed from (each app registers its tables, `register_source_tables()` in its AppConfig.ready();
reflex/reports/live.py installs the triggers; migration reports/0003_indicators_version creates the sequence and the
function). Any write (through the app, a bulk
`QuerySet.update()`, raw SQL, another process) moves the version on, so the next request looks up another key and
computes afresh. Old entries are never read again and leave the cache when it culls them or when they expire.

The sequence moves when the writing statement runs, before its transaction commits; figures computed between the
two would miss the write yet be stored under the new version. So the trigger also takes a shared advisory lock
(`WRITERS_LOCK`, never waited for: it marks the writing transaction in pg_locks until the transaction ends, after its
rows are visible), and figures are stored only when no other transaction holds it right after the version is read:
every write counted in that version is then committed, and visible to the computation that follows. Figures computed
while a writer is in flight are shown but not stored (so are those of a transaction that has itself written: its
uncommitted rows are visible to it alone, and may be rolled back).

Used by the indicators page (`live.figures()`) and the coordinator dashboard (accompaniment.workspace). Apps may
import this module; it imports none of them.
"""

from django.core.cache import cache
from django.db import connection
from django.utils import timezone, translation

VERSION_SEQUENCE = "reports_indicators_version"
WRITERS_LOCK = (51201, 1)  # the function's advisory lock: pg_locks shows it as classid, objid (objsubid 2)
CACHE_TIMEOUT = 6 * 60 * 60  # seconds; entries of an old version are useless anyway, this only bounds memory
CACHE_PREFIX = "figures"


def data_version():
    """(version, storable): the source data's version (None when the sequence is missing, i.e. the migration is not
    applied, or unreadable), and whether figures computed from now on may be stored under it: no other transaction
    is writing to the sources, and this one has written nothing.

    One query. The check of pg_locks (which lists every database's locks: only this one's count) is a subquery
    correlated on the version read, so it runs after it (the order matters: a writer that starts between the two
    must not be missed)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT version.last_value, pg_current_xact_id_if_assigned() IS NULL AND NOT EXISTS ("
            " SELECT FROM pg_locks WHERE locktype = 'advisory' AND classid = %s AND objid = %s AND objsubid = 2"
            " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            " AND pid <> pg_backend_pid() AND version.last_value IS NOT NULL)"
            " FROM (SELECT last_value FROM pg_sequences"
            " WHERE schemaname = current_schema() AND sequencename = %s OFFSET 0) AS version",
            [*WRITERS_LOCK, VERSION_SEQUENCE],
        )
        row = cursor.fetchone()
    if row is None or row[0] is None:
        return None, False
    return row[0], row[1]


def cache_key(version, *parts):
    language = translation.get_language() or ""
    return ":".join([CACHE_PREFIX, str(version), *(str(part) for part in parts), language])


def remembered(compute, *key_parts):
    """(value, computed_at, from_cache): `compute()`'s value, from the cache while the source data is unchanged.

    `key_parts` name the computation and its arguments; the language of the request is part of the key too. The
    value must come only from tables whose writes move the version (`source_tables()`; of partners_user, the
    columns partners registers)."""
    version, storable = data_version()
    key = cache_key(version, *key_parts) if version is not None else None
    if key is not None:
        entry = cache.get(key)
        if entry is not None:
            return entry["value"], entry["computed_at"], True
    computed_at = timezone.now()
    value = compute()
    if key is not None and storable:
        cache.set(key, {"value": value, "computed_at": computed_at}, CACHE_TIMEOUT)
    return value, computed_at, False


# ---------------------------------------------------------------------------------------------------------------
# The source tables, registered by the app owning each one

ALL_WRITES = "INSERT OR UPDATE OR DELETE OR TRUNCATE"
_source_tables = {}


def register_source_tables(*models, columns=None):
    """The tables of these models (or table names) are read by cached figures: their writes move the version. With
    `columns`, only updates of those columns do (a login must not throw the figures away)."""
    for model in models:
        table = model if isinstance(model, str) else model._meta.db_table
        events = ALL_WRITES if columns is None else f"INSERT OR UPDATE OF {', '.join(columns)} OR DELETE OR TRUNCATE"
        _source_tables[table] = {"events": events, "columns": tuple(columns or ())}


def source_tables():
    """{table: {"events": the trigger's events, "columns": the columns read, empty for all}}, in name order."""
    return {table: _source_tables[table] for table in sorted(_source_tables)}
