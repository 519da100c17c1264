"""Indexes for a province-sized district, created in SQL so the model keeps its shape:

- (kind, jurisdiction, ETS membership, key emitter, name): the enterprises a deadline rule binds, in name
  order, from the index alone;
- (name, id, jurisdiction): the directory in name order without sorting it, so a page deep in the list
  skips index entries instead of sorting every organisation.
"""

from django.db import migrations

INDEXES = {
    "orgs_organisation_scope_name": "orgs_organisation (kind, jurisdiction_id, ets, key_emitter, name_zh)",
    "orgs_organisation_name_order": "orgs_organisation (name_zh, id, jurisdiction_id)",
}


class Migration(migrations.Migration):
    dependencies = [("orgs", "0003_notifications")]

    operations = [
        migrations.RunSQL(f"CREATE INDEX IF NOT EXISTS {name} ON {columns}", f"DROP INDEX IF EXISTS {name}")
        for name, columns in INDEXES.items()
    ]
