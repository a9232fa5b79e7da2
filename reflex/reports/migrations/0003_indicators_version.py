"""The version of the data the indicators are computed from: a sequence that every write to a source table bumps.

The trigger function takes a shared transaction-level advisory lock, then calls nextval(). The lock never waits
(nothing takes it exclusively): it marks the writing transaction in pg_locks until the transaction ends.
`reflex.reports.live` keys the cached figures with the sequence's value and stores figures only when no other
transaction holds the lock (see there why).

The statement-level triggers calling it (INSERT, UPDATE, DELETE, TRUNCATE: bulk writes, raw SQL and other processes
included) are created here on the source tables that exist, and after every `migrate` by
`live.install_triggers()` on any table of `live.SOURCE_TABLES` still without one (a table another app creates in a
later migration). Reversing drops the function with its triggers, then the sequence.
"""

from django.db import migrations

SEQUENCE = "reports_indicators_version"
FUNCTION = "reports_indicators_changed"  # its triggers have the same name
WRITERS_LOCK = (51201, 1)  # reflex.data_version.WRITERS_LOCK: the advisory lock's key (two integers nobody else uses)

# live.SOURCE_TABLES when this migration was written.
SOURCE_TABLES = [
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
]

CREATE = [
    f"CREATE SEQUENCE {SEQUENCE}",
    # Called once, so that its value reads as a number (a sequence never called reads as NULL in pg_sequences).
    f"SELECT nextval('{SEQUENCE}')",
    f"""
    CREATE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM pg_advisory_xact_lock_shared({WRITERS_LOCK[0]}, {WRITERS_LOCK[1]});
        PERFORM nextval('{SEQUENCE}');
        RETURN NULL;
    END;
    $$
    """,
    f"""
    DO $$
    DECLARE
        source text;
    BEGIN
        FOREACH source IN ARRAY ARRAY['{"', '".join(SOURCE_TABLES)}'] LOOP
            IF to_regclass(source) IS NOT NULL THEN
                EXECUTE format(
                    'CREATE TRIGGER {FUNCTION} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I '
                    'FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()',
                    source
                );
            END IF;
        END LOOP;
    END;
    $$
    """,
]

DROP = [
    f"DROP FUNCTION IF EXISTS {FUNCTION}() CASCADE",  # and every trigger calling it
    f"DROP SEQUENCE IF EXISTS {SEQUENCE}",
]


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_youthfacts"),
        ("accompaniment", "0003_follow_up_date_index"),
        ("outreach", "0002_outcome_labels"),
        ("partners", "0001_initial"),
        ("youths", "0004_funnel_facts"),
    ]

    operations = [migrations.RunSQL(sql=CREATE, reverse_sql=DROP)]
