"""The indicators page's figures, kept in the cache until the data they are computed from changes; and the
triggers that tell when it does.

Computing every indicator reads the whole department's records (a few hundred milliseconds at department scale);
between two writes, the figures of a period stay the same. So `figures()` keeps them in the cache
(`reflex.data_version.remembered()`), keyed by the period, the programme, the language of the labels and the
*version of the source data*: a PostgreSQL sequence that a statement-level trigger bumps on every INSERT, UPDATE,
DELETE or TRUNCATE of any table the computation reads (`source_tables()`; migration 0003_indicators_version, then
`install_triggers()` after every migrate). The coordinator dashboard keeps its department-wide figures the same way
(accompaniment.workspace), from tables of the same list.

The PDFs do not use this: a funder report is a snapshot of the figures computed when it is generated
(`documents.funder_context()` calls `indicators.compute()`).
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import DEFAULT_DB_ALIAS, ProgrammingError, connections

from partners.apps import STAFF_COLUMNS_READ  # noqa: F401 - the staff columns the cached figures read
from reflex import data_version
from reflex.data_version import cache_key, remembered

from . import indicators

TRIGGER = "reports_indicators_changed"  # the triggers, and the function they call (migration 0003)

# Every table `indicators.compute()` and the dashboard's figures read, directly or through `outreach.analytics`, as
# each app registered its own (reflex.data_version.register_source_tables() in its AppConfig.ready()):
# tests/reports/test_live.py and tests/accompaniment/test_dashboard_cache.py fail when one is missing or has no
# trigger. A table not created yet (another app's later migration) gets its trigger at the first migrate after it
# exists. Of staff accounts, only the columns partners registers (STAFF_COLUMNS_READ) move the version: a login
# updates `last_login` and must not throw the figures away (migrations 0004 and 0005).


def source_tables():
    """The registered source tables' names, in name order."""
    return tuple(data_version.source_tables())


def trigger_events(table):
    """The events of `table`'s trigger: every write, or the updates of the columns read."""
    return data_version.source_tables()[table]["events"]


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
            [list(source_tables()), f"{TRIGGER}()", TRIGGER],
        )
        return [source for (source,) in cursor.fetchall()]


def install_triggers(using=DEFAULT_DB_ALIAS, **kwargs):
    """After every migrate (post_migrate): the trigger on each source table that exists and has none yet. Nothing
    when migration 0003 is not applied (no function to call)."""
    missing = tables_without_trigger(using)
    with connections[using].cursor() as cursor:
        quote = connections[using].ops.quote_name
        for source in missing:
            events = trigger_events(source)
            cursor.execute(
                f"CREATE TRIGGER {TRIGGER} AFTER {events} ON {quote(source)}"
                f" FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}()"
            )


class MissingTriggers(Exception):
    pass


def repair_triggers(tables):
    """The daily check's repair (reflex/reports/derived_check.py). Only the tables' owner may create a trigger: the
    application's role, which owns nothing (reflex/audit/database_roles.py), can only say which are missing, and
    that `migrate` as the owner installs them."""
    try:
        install_triggers()
    except ProgrammingError as error:
        raise MissingTriggers(
            f"only the tables' owner may install the missing triggers ({', '.join(tables)}): run `manage.py migrate`"
            " with DATABASE_OWNER_URL"
        ) from error
