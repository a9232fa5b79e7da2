from django.db import migrations


def fill_keys(apps, schema_editor):
    """Nothing any more: a migration must not run today's key code (youths.identity) against yesterday's schema.
    The daily derived-data check (reflex/reports/derived_check.py), queued by the first migrate, fills and checks
    the keys (`youths.keys.stale_key_ids()`, `refresh_keys()`)."""


class Migration(migrations.Migration):
    dependencies = [("youths", "0002_keys_and_merges")]

    operations = [migrations.RunPython(fill_keys, migrations.RunPython.noop)]
