"""The retention purge runs as the owner of the journal (SECURITY DEFINER), so that the application's role needs no
DELETE on it (reflex/audit/database_roles.py). The function still refuses anything younger than 6 months."""

from django.db import migrations

FORWARD = """
ALTER FUNCTION audit_purge_access_journal(timestamptz) SECURITY DEFINER;
ALTER FUNCTION audit_purge_access_journal(timestamptz) SET search_path FROM CURRENT;
"""
BACKWARD = """
ALTER FUNCTION audit_purge_access_journal(timestamptz) RESET search_path;
ALTER FUNCTION audit_purge_access_journal(timestamptz) SECURITY INVOKER;
"""


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_second_factor_recovery")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
