"""Indexes for a province-sized district (20,000 enterprises), created in SQL so the models keep their shape.

- report (enterprise, year, kind), every kind: a page's reports and "has this enterprise filed this year"
  by index alone (the unique index skips temporary reports, so it cannot serve these look-ups);
- report (kind, enterprise): the few temporary reports without reading the annual ones;
- version (report, submitted_at, verified_at): whether a report was filed or verified, from the index;
- version (report, state): a report's published version, from the index.
"""

from django.db import migrations

INDEXES = {
    "disclosure_report_enterprise_year_kind": "disclosure_report (enterprise_id, year, kind)",
    "disclosure_report_kind_enterprise": "disclosure_report (kind, enterprise_id)",
    "disclosure_version_report_filed": "disclosure_reportversion (report_id, submitted_at, verified_at)",
    "disclosure_version_report_state": "disclosure_reportversion (report_id, state)",
}


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0002_published_versions_are_immutable")]

    operations = [
        migrations.RunSQL(f"CREATE INDEX IF NOT EXISTS {name} ON {columns}", f"DROP INDEX IF EXISTS {name}")
        for name, columns in INDEXES.items()
    ]
