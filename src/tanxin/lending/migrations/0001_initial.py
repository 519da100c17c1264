from django.db import migrations


class Migration(migrations.Migration):
    """The app's root: the loan desk and screening tables arrive in their own migrations after it."""

    initial = True
    dependencies = [
        ("orgs", "0002_directory_sort_index"),
        ("registry", "0006_drop_redundant_indexes"),
    ]
    operations = []
