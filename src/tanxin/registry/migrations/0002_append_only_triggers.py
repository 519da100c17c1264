"""Append-only ledger: the database itself refuses UPDATE and DELETE on entries and the journal.

A bug, a careless admin or a raw SQL session cannot rewrite history; corrections are new rows
(a reversal). The triggers are per vendor because SQLite and PostgreSQL spell them differently.
TRUNCATE is left to the table owner (the test runner's flush uses it): production runs the application
under a role that does not own the tables, so it cannot truncate or drop the triggers.
"""

from django.db import migrations

TABLES = ("registry_transaction", "registry_posting", "registry_holdmovement", "registry_journalentry")


def _sqlite(table: str, op: str) -> tuple[str, str]:
    name = f"{table}_no_{op.lower()}"
    return (
        f"CREATE TRIGGER {name} BEFORE {op} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, 'registry entries are append-only ({table})'); END;",
        f"DROP TRIGGER IF EXISTS {name};",
    )


PG_FUNCTION = """
CREATE OR REPLACE FUNCTION registry_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION USING MESSAGE = 'registry entries are append-only (' || TG_TABLE_NAME || ')',
                        ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
"""


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION)
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION registry_refuse_change();"
            )
    elif vendor == "sqlite":
        for table in TABLES:
            for op in ("UPDATE", "DELETE"):
                schema_editor.execute(_sqlite(table, op)[0])
    else:  # pragma: no cover - a new backend needs its own triggers before it may hold a registry
        raise RuntimeError(f"no append-only triggers for {vendor}")


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
        elif vendor == "sqlite":
            for op in ("UPDATE", "DELETE"):
                schema_editor.execute(_sqlite(table, op)[1])
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS registry_refuse_change();")


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
