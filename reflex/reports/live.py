"""The indicators page's figures, kept in Django's cache until the data they are computed from changes.

Computing every indicator reads the whole department's records (a few hundred milliseconds at department scale);
between two writes, the figures of a period stay the same. So `figures()` keeps them in the cache, keyed by the
period, the programme, the language of the labels and the *version of the source data*: a PostgreSQL sequence
that a statement-level trigger bumps on every INSERT, UPDATE, DELETE or TRUNCATE of any table the computation
reads (`SOURCE_TABLES`; migration 0003_indicators_version, then `install_triggers()` after every migrate). Any
write (through the app, a bulk `QuerySet.update()`, raw SQL, another process) moves the version on, so the next
request looks up another key and computes afresh. Old entries are never read again and leave the cache when it
culls them or when they expire.

The sequence moves when the writing statement runs, before its transaction commits; figures computed between the
two would miss the write yet be stored under the new version. So the trigger also takes a shared advisory lock
(`WRITERS_LOCK`, never waited for: it marks the writing transaction in pg_locks until the transaction ends, after its
rows are visible), and figures are stored only when no other transaction holds it right after the version is read:
every write counted in that version is then committed, and visible to the computation that follows. Figures computed
while a writer is in flight are shown but not stored (so are those of a transaction that has itself written: its
uncommitted rows are visible to it alone, and may be rolled back).

The PDFs do not use this: a funder report is a snapshot of the figures computed when it is generated
(`documents.funder_context()` calls `indicators.compute()`).
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils import timezone, translation

from . import indicators

VERSION_SEQUENCE = "reports_indicators_version"
TRIGGER = "reports_indicators_changed"  # the triggers, and the function they call (migration 0003)
WRITERS_LOCK = (51201, 1)  # the function's advisory lock: pg_locks shows it as classid, objid (objsubid 2)

# Every table `indicators.compute()` reads, directly or through `outreach.analytics`: tests/reports/test_live.py
# fails when it reads one that has no trigger. A table not created yet (another app's later migration) gets its
# trigger at the first migrate after it exists.
SOURCE_TABLES = (
    "youths_youth",
    "youths_funnelfacts",
    "partners_programme",
    "partners_organisation",
    "partners_neighbourhood",
    "partners_user",
    "accompaniment_pathway",
    "accompaniment_exit",
    "accompaniment_barrier",
    "accompaniment_action",
    "accompaniment_participation",
    "outreach_outreachsession",
    "outreach_outreachsession_staff",
    "outreach_encountertally",
    "outreach_namedcontact",
    "outreach_place",
    "outreach_onlineoutreach",
    "outreach_onlineoutreach_staff",
    "outreach_onlineoutreach_youths",
    "outreach_sessionfigures",
    "outreach_firstnamedcontact",
)
# The events that move the version, by table; every write, except where the indicators read only some columns.
ALL_WRITES = "INSERT OR UPDATE OR DELETE OR TRUNCATE"
TRIGGER_EVENTS = {
    # Staff accounts: the indicators read only the organisation (of the referent). A login updates `last_login`
    # and must not throw the figures away (migration 0004_staff_trigger_on_organisation).
    "partners_user": "INSERT OR UPDATE OF organisation_id OR DELETE OR TRUNCATE",
}
CACHE_TIMEOUT = 6 * 60 * 60  # seconds; entries of an old version are useless anyway, this only bounds memory
CACHE_PREFIX = "reports:indicators"


@dataclass(frozen=True)
class LiveFigures:
    figures: dict
    computed_at: datetime
    from_cache: bool


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


def cache_key(version, period, programme):
    programme_key = programme.pk if programme else "none"
    language = translation.get_language() or ""
    return f"{CACHE_PREFIX}:{version}:{programme_key}:{period.start.isoformat()}:{period.end.isoformat()}:{language}"


def figures(period, programme):
    """The figures of `indicators.compute(period, programme)`, from the cache while the source data is unchanged."""
    version, storable = data_version()
    key = cache_key(version, period, programme) if version is not None else None
    if key is not None:
        entry = cache.get(key)
        if entry is not None:
            return LiveFigures(entry["figures"], entry["computed_at"], from_cache=True)
    computed_at = timezone.now()
    result = indicators.compute(period, programme)
    if key is not None and storable:
        cache.set(key, {"figures": result, "computed_at": computed_at}, CACHE_TIMEOUT)
    return LiveFigures(result, computed_at, from_cache=False)


def install_triggers(using=DEFAULT_DB_ALIAS, **kwargs):
    """After every migrate (post_migrate): the trigger on each source table that exists and has none yet. Nothing
    when migration 0003 is not applied (no function to call)."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT source FROM unnest(%s::text[]) AS source"
            " WHERE to_regprocedure(%s) IS NOT NULL AND to_regclass(source) IS NOT NULL"
            " AND NOT EXISTS (SELECT FROM pg_trigger WHERE tgrelid = to_regclass(source) AND tgname = %s)",
            [list(SOURCE_TABLES), f"{TRIGGER}()", TRIGGER],
        )
        missing = [source for (source,) in cursor.fetchall()]
        quote = connections[using].ops.quote_name
        for source in missing:
            events = TRIGGER_EVENTS.get(source, ALL_WRITES)
            cursor.execute(
                f"CREATE TRIGGER {TRIGGER} AFTER {events} ON {quote(source)}"
                f" FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}()"
            )
