"""Trigram indexes for the search ("a word of the name starts with…"), where the server offers pg_trgm.

The search reads the stored copies of the keys (`FunnelFacts.name_key`, `nickname_key`, `email_key`) with LIKE
'word%' and LIKE '% word%'; a B-tree serves neither the second nor their OR, so without these indexes every row is
read. pg_trgm ships with PostgreSQL's contrib (Debian's and most hosts' servers) but not with the embedded server
(pgserver): there, and where the account may not create the extension, this migration creates nothing and the
search reads every row, as before. The search gives the same results either way.
"""

from django.db import migrations

INDEXES = {
    "youths_funnelfacts_name_key_trgm": "name_key",
    "youths_funnelfacts_nickname_key_trgm": "nickname_key",
    "youths_funnelfacts_email_key_trgm": "email_key",
}

CREATE = (
    """
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_available_extensions WHERE name = 'pg_trgm') THEN
        BEGIN
            CREATE EXTENSION IF NOT EXISTS pg_trgm;
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE NOTICE 'pg_trgm not created (%): the search reads every row', SQLERRM;
        END;
    END IF;
    IF EXISTS (SELECT FROM pg_extension WHERE extname = 'pg_trgm') THEN
"""
    + "".join(
        f"        CREATE INDEX IF NOT EXISTS {name} ON youths_funnelfacts USING gin ({column} gin_trgm_ops);\n"
        for name, column in INDEXES.items()
    )
    + """    END IF;
END
$$;
"""
)

DROP = [f"DROP INDEX IF EXISTS {name}" for name in INDEXES]


class Migration(migrations.Migration):
    dependencies = [("youths", "0007_stored_age_and_search_keys")]

    operations = [migrations.RunSQL(sql=CREATE, reverse_sql=DROP)]
