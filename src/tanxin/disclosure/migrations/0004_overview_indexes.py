"""Indexes for the bureau's overview at province scale, created in SQL so the models keep their shape.

- version (updated_at): the newest change to any version, read on every overview to tell whether the
  counts computed a moment ago still hold (``tanxin.disclosure.reuse``), by index alone;
- version (report_id) where flag_count > 0: the few versions with accounting flags, whose flags the anomaly
  queue must read, found without passing over every version (a partial index, on SQLite and PostgreSQL).
"""

from django.db import migrations

INDEXES = {
    "disclosure_version_updated": "disclosure_reportversion (updated_at)",
    "disclosure_version_flagged": "disclosure_reportversion (report_id) WHERE flag_count > 0",
}


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0003_scale_indexes")]

    operations = [
        migrations.RunSQL(f"CREATE INDEX IF NOT EXISTS {name} ON {columns}", f"DROP INDEX IF EXISTS {name}")
        for name, columns in INDEXES.items()
    ]
