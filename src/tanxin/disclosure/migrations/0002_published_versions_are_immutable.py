"""A database trigger refuses any UPDATE of a published report version (the services already refuse it;
this catches a stray ``.update()``, admin edit or SQL console). DELETE is left to ``on_delete=PROTECT`` so
test databases can still be flushed."""

from django.db import migrations

SQLITE_UP = """
CREATE TRIGGER disclosure_published_version_immutable
BEFORE UPDATE ON disclosure_reportversion
FOR EACH ROW WHEN OLD.state = 'published'
BEGIN
    SELECT RAISE(ABORT, 'a published report version is immutable');
END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS disclosure_published_version_immutable;"

POSTGRES_UP = ["""
CREATE OR REPLACE FUNCTION disclosure_refuse_published_update() RETURNS trigger AS $$
BEGIN
    IF OLD.state = 'published' THEN
        RAISE EXCEPTION 'a published report version is immutable' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql
""", """
CREATE TRIGGER disclosure_published_version_immutable
BEFORE UPDATE ON disclosure_reportversion
FOR EACH ROW EXECUTE FUNCTION disclosure_refuse_published_update()
"""]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS disclosure_published_version_immutable ON disclosure_reportversion",
    "DROP FUNCTION IF EXISTS disclosure_refuse_published_update()",
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_UP)
    elif vendor == "postgresql":
        for sql in POSTGRES_UP:
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_DOWN)
    elif vendor == "postgresql":
        for sql in POSTGRES_DOWN:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
