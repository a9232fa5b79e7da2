from django.db import migrations


def fill_keys(apps, schema_editor):
    from youths.keys import refresh_all_keys

    refresh_all_keys(apps.get_model("youths", "Youth"))


class Migration(migrations.Migration):
    dependencies = [("youths", "0002_keys_and_merges")]

    operations = [migrations.RunPython(fill_keys, migrations.RunPython.noop)]
