"""Load the shipped factor library from data/accounting (idempotent: new rows only, never overwrites)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from tanxin.accounting.reference import load_reference


class Command(BaseCommand):
    help = "Load new rows of data/accounting into the factor library (existing factor ids are never changed)."

    def handle(self, *args, **options):
        created = load_reference()
        self.stdout.write(self.style.SUCCESS(f"Factor library: {created} rows created."))
