"""Reload the shipped reference tables so the constants gain their Chinese descriptions and citations
(``description_zh``, ``source_ref_zh`` in data/accounting/parameters.csv); loading is idempotent and never
changes a factor value."""

from django.db import migrations


def load(apps, schema_editor):
    from tanxin.accounting.reference import load_reference

    load_reference(app_registry=apps)


class Migration(migrations.Migration):
    dependencies = [("accounting", "0002_load_reference")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
