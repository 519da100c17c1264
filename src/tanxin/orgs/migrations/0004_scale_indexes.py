"""An index for a province-sized district, created in SQL so the model keeps its shape: the enterprises a
deadline rule binds (kind, jurisdiction, ETS membership, key emitter), in name order, from the index alone."""

from django.db import migrations

NAME = "orgs_organisation_scope_name"
COLUMNS = "kind, jurisdiction_id, ets, key_emitter, name_zh"


class Migration(migrations.Migration):
    dependencies = [("orgs", "0003_notifications")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {NAME} ON orgs_organisation ({COLUMNS})",
            f"DROP INDEX IF EXISTS {NAME}",
        )
    ]
