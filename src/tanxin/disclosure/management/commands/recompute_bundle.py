"""``manage.py recompute_bundle FILE``: recompute a published figure from its bundle alone (no database read)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from tanxin.accounting.domain import bundle


class Command(BaseCommand):
    help = "Recompute a published figure from a downloaded bundle and compare it with the expected totals."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file")

    def handle(self, *args, **options) -> None:
        if bundle.main([options["file"]]) != 0:
            raise CommandError("the bundle does not reproduce its expected totals")
