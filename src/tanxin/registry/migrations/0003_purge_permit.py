"""SQLite: let a deliberate full wipe (``manage.py flush``, the test runner's teardown) delete ledger rows.

PostgreSQL's flush uses TRUNCATE, which the row triggers never see; SQLite's flush is ``DELETE FROM``,
which the append-only triggers refuse. The DELETE triggers now stand down only while a row exists in
``registry_purge_permit`` — a table that is not a Django model, so flush itself never empties it —
and only the registry's ``flush`` command (which wraps Django's) writes that row. UPDATE stays
refused unconditionally.
"""

from django.db import migrations

TABLES = ("registry_transaction", "registry_posting", "registry_holdmovement", "registry_journalentry")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute("CREATE TABLE IF NOT EXISTS registry_purge_permit (permit INTEGER NOT NULL)")
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
        schema_editor.execute(
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
            f"WHEN NOT EXISTS (SELECT 1 FROM registry_purge_permit) "
            f"BEGIN SELECT RAISE(ABORT, 'registry entries are append-only ({table})'); END;"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
        schema_editor.execute(
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, 'registry entries are append-only ({table})'); END;"
        )
    schema_editor.execute("DROP TABLE IF EXISTS registry_purge_permit")


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_append_only_triggers")]
    operations = [migrations.RunPython(forwards, backwards)]
