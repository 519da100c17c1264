"""Drop two single-column indexes a composite index already serves (every ledger write paid for them).

On SQLite, altering ``registry_posting`` rebuilds the table, which drops its triggers; they are put back
exactly as migrations 0002 and 0003 left them (UPDATE always refused, DELETE refused unless a purge
permit is held). A test checks the ledger refuses UPDATE and DELETE on both databases after migrating.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

POSTING = "registry_posting"


def restore_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {POSTING}_no_update")
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {POSTING}_no_delete")
    schema_editor.execute(
        f"CREATE TRIGGER {POSTING}_no_update BEFORE UPDATE ON {POSTING} "
        f"BEGIN SELECT RAISE(ABORT, 'registry entries are append-only ({POSTING})'); END;"
    )
    schema_editor.execute(
        f"CREATE TRIGGER {POSTING}_no_delete BEFORE DELETE ON {POSTING} "
        f"WHEN NOT EXISTS (SELECT 1 FROM registry_purge_permit) "
        f"BEGIN SELECT RAISE(ABORT, 'registry entries are append-only ({POSTING})'); END;"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0005_guarded_apply"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="idempotencykey",
            name="actor",
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                    to=settings.AUTH_USER_MODEL),  # fmt: skip
        ),
        migrations.AlterField(
            model_name="posting",
            name="account",
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="postings", to="registry.account"),  # fmt: skip
        ),
        migrations.RunPython(restore_sqlite_triggers, migrations.RunPython.noop),
    ]
