"""The access journal is append-only in the database itself.

A row trigger refuses every UPDATE and DELETE of audit_accessentry, whoever sends it (ORM, admin, raw SQL).
The single exception is the retention purge: audit_purge_access_journal(before) deletes the entries older than
`before`, which must be at least 6 months ago (CNIL: access logs are kept 6 to 12 months). It tells the trigger
so through a transaction-local setting that the trigger reads together with each row's date.

Plain PL/pgSQL, no extension. In production, also run the application with a database role that has no TRUNCATE
and no ownership of this table (reflex/audit/SECURITY.md): a trigger cannot stop the table's owner from dropping it.
"""

from django.db import migrations

FORWARD = r"""
CREATE FUNCTION audit_accessentry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    purge_before text := current_setting('reflex.access_journal_purge_before', true);
BEGIN
    IF TG_OP = 'DELETE' AND coalesce(purge_before, '') <> '' AND OLD.at < purge_before::timestamptz THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'The access journal is append-only: % refused.', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_accessentry_append_only
    BEFORE UPDATE OR DELETE ON audit_accessentry
    FOR EACH ROW EXECUTE FUNCTION audit_accessentry_append_only();

CREATE FUNCTION audit_purge_access_journal(before timestamptz) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    deleted bigint;
BEGIN
    IF before > now() - interval '6 months' THEN
        RAISE EXCEPTION 'Access journal entries are kept at least 6 months.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM set_config('reflex.access_journal_purge_before', before::text, true);
    DELETE FROM audit_accessentry WHERE at < before;
    GET DIAGNOSTICS deleted = ROW_COUNT;
    PERFORM set_config('reflex.access_journal_purge_before', '', true);
    RETURN deleted;
END
$$;
"""

BACKWARD = r"""
DROP FUNCTION audit_purge_access_journal(timestamptz);
DROP TRIGGER audit_accessentry_append_only ON audit_accessentry;
DROP FUNCTION audit_accessentry_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_staff_account_history"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
