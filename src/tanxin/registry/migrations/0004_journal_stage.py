"""Journal records staged by the operation and chained by the sealer (PostgreSQL).

Every operation stages its journal record in ``registry_journalstage`` inside its own transaction, so a
committed transaction always has its record. ``store.seal`` (run continuously by ``manage.py
registry_seal``, and before every anchor and verification) locks the head, chains the staged records in
order and deletes them, many at a time. The one lock every write used to share is off the request path.
"""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("registry", "0003_purge_permit")]

    operations = [
        migrations.CreateModel(
            name="JournalStage",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(max_length=10)),
                ("payload", models.TextField()),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
        ),
    ]
