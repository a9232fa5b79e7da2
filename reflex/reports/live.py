"""The indicators page's figures, kept in the cache until the data they are computed from changes; and the
triggers that tell when it does.

Computing every indicator reads the whole department's records (a few hundred milliseconds at department scale);
between two writes, the figures of a period stay the same. So `figures()` keeps them in the cache
(`reflex.data_version.remembered()`), keyed by the period, the programme, the language of the labels and the
*version of the source data*: a PostgreSQL sequence that a statement-level trigger bumps on every INSERT, UPDATE,
DELETE or TRUNCATE of any table the computation reads (`SOURCE_TABLES`; migration 0003_indicators_version, then
`install_triggers()` after every migrate). The coordinator dashboard keeps its department-wide figures the same way
(accompaniment.workspace), from tables of the same list.

The PDFs do not use this: a funder report is a snapshot of the figures computed when it is generated
(`documents.funder_context()` calls `indicators.compute()`).
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import DEFAULT_DB_ALIAS, connections

from reflex.data_version import cache_key, remembered

from . import indicators

TRIGGER = "reports_indicators_changed"  # the triggers, and the function they call (migration 0003)

# Every table `indicators.compute()` and the dashboard's figures read, directly or through `outreach.analytics`:
# tests/reports/test_live.py and tests/accompaniment/test_dashboard_cache.py fail when one has no trigger. A table
# not created yet (another app's later migration) gets its trigger at the first migrate after it exists.
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
# Staff accounts' columns read by the indicators (the referent's organisation) and by the coordinator dashboard
# (accompaniment.workspace: who refers, under which name, whether the account is active).
STAFF_COLUMNS_READ = ("organisation_id", "first_name", "last_name", "email", "role", "is_active")
# The events that move the version, by table; every write, except where the indicators read only some columns.
ALL_WRITES = "INSERT OR UPDATE OR DELETE OR TRUNCATE"
TRIGGER_EVENTS = {
    # Staff accounts: the indicators read only the organisation (of the referent). A login updates `last_login`
    # and must not throw the figures away (migration 0004_staff_trigger_on_organisation).
    "partners_user": f"INSERT OR UPDATE OF {', '.join(STAFF_COLUMNS_READ)} OR DELETE OR TRUNCATE",
}


@dataclass(frozen=True)
class LiveFigures:
    figures: dict
    computed_at: datetime
    from_cache: bool


def _figures_key_parts(period, programme):
    return "indicators", programme.pk if programme else "none", period.start.isoformat(), period.end.isoformat()


def figures_key(version, period, programme):
    return cache_key(version, *_figures_key_parts(period, programme))


def figures(period, programme):
    """The figures of `indicators.compute(period, programme)`, from the cache while the source data is unchanged."""
    value, computed_at, from_cache = remembered(
        lambda: indicators.compute(period, programme), *_figures_key_parts(period, programme)
    )
    return LiveFigures(value, computed_at, from_cache=from_cache)


def tables_without_trigger(using=DEFAULT_DB_ALIAS):
    """The source tables that exist and have no trigger (none when migration 0003 is not applied): their writes
    would not move the data version, and cached figures would outlive them."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT source FROM unnest(%s::text[]) AS source"
            " WHERE to_regprocedure(%s) IS NOT NULL AND to_regclass(source) IS NOT NULL"
            " AND NOT EXISTS (SELECT FROM pg_trigger WHERE tgrelid = to_regclass(source) AND tgname = %s)",
            [list(SOURCE_TABLES), f"{TRIGGER}()", TRIGGER],
        )
        return [source for (source,) in cursor.fetchall()]


def install_triggers(using=DEFAULT_DB_ALIAS, **kwargs):
    """After every migrate (post_migrate): the trigger on each source table that exists and has none yet. Nothing
    when migration 0003 is not applied (no function to call)."""
    missing = tables_without_trigger(using)
    with connections[using].cursor() as cursor:
        quote = connections[using].ops.quote_name
        for source in missing:
            events = TRIGGER_EVENTS.get(source, ALL_WRITES)
            cursor.execute(
                f"CREATE TRIGGER {TRIGGER} AFTER {events} ON {quote(source)}"
                f" FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}()"
            )
