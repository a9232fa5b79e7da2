"""Staff accounts move the indicators' data version only when their organisation changes (the one column of theirs
the indicators read): a login, which updates `last_login`, keeps the cached figures (see live.TRIGGER_EVENTS)."""

from django.db import migrations

TRIGGER = "reports_indicators_changed"


def _recreate(events):
    return [
        f"DROP TRIGGER IF EXISTS {TRIGGER} ON partners_user",
        f"CREATE TRIGGER {TRIGGER} AFTER {events} ON partners_user FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}()",
    ]


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_indicators_version")]

    operations = [
        migrations.RunSQL(
            sql=_recreate("INSERT OR UPDATE OF organisation_id OR DELETE OR TRUNCATE"),
            reverse_sql=_recreate("INSERT OR UPDATE OR DELETE OR TRUNCATE"),
        )
    ]
