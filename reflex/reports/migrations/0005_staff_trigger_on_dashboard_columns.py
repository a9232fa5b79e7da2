"""Staff accounts also move the data version when a column the coordinator dashboard shows changes (name, e-mail,
role, active or not): the dashboard keeps its figures under the version too (see live.STAFF_COLUMNS_READ). A login
(`last_login`) still keeps them."""

from django.db import migrations

TRIGGER = "reports_indicators_changed"
COLUMNS = "organisation_id, first_name, last_name, email, role, is_active"  # live.STAFF_COLUMNS_READ, then


def _recreate(events):
    return [
        f"DROP TRIGGER IF EXISTS {TRIGGER} ON partners_user",
        f"CREATE TRIGGER {TRIGGER} AFTER {events} ON partners_user FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}()",
    ]


class Migration(migrations.Migration):
    dependencies = [("reports", "0004_staff_trigger_on_organisation")]

    operations = [
        migrations.RunSQL(
            sql=_recreate(f"INSERT OR UPDATE OF {COLUMNS} OR DELETE OR TRUNCATE"),
            reverse_sql=_recreate("INSERT OR UPDATE OF organisation_id OR DELETE OR TRUNCATE"),
        )
    ]
