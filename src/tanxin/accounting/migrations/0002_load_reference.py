"""Load the shipped factor library (data/accounting) into the tables; idempotent, so re-running is safe."""

from django.db import migrations


def load(apps, schema_editor):
    from tanxin.accounting.reference import load_reference

    load_reference(app_registry=apps)


class Migration(migrations.Migration):
    dependencies = [("accounting", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
