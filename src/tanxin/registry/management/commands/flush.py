"""Django's ``flush`` with the registry's SQLite purge permit held for its duration (see migration 0003).

A flush wipes every table on purpose (test teardown, a developer resetting a local database); it is the
one deletion the append-only ledger allows. On PostgreSQL flush truncates and nothing changes here.
"""

from __future__ import annotations

from django.core.management.commands.flush import Command as FlushCommand
from django.db import DEFAULT_DB_ALIAS, connections


class Command(FlushCommand):
    def handle(self, **options):
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        if connection.vendor != "sqlite" or not _has_permit_table(connection):
            return super().handle(**options)
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO registry_purge_permit (permit) VALUES (1)")
        try:
            return super().handle(**options)
        finally:
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM registry_purge_permit")


def _has_permit_table(connection) -> bool:
    return "registry_purge_permit" in connection.introspection.table_names(include_views=False)
