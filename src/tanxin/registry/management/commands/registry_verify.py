"""Recompute the registry's hash chain and every balance; exit 1 on any tampering or drift."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from tanxin.registry.verification import anchor_day, verify


class Command(BaseCommand):
    help = "Verify the registry journal (hash chain, anchors) against postings, balances and holds."

    def add_arguments(self, parser):
        parser.add_argument("--anchor", action="store_true", help="append today's anchor after a clean check")

    def handle(self, *args, anchor: bool = False, **options):
        report = verify()
        for problem in report.problems:
            self.stderr.write(problem)
        if not report.ok:
            raise CommandError(f"registry verification FAILED: {len(report.problems)} problem(s)")
        self.stdout.write(self.style.SUCCESS(f"registry verified: {report.records} journal records, no drift"))
        if anchor:
            record = anchor_day()
            self.stdout.write(f"anchor {record.day} seq {record.seq} hash {record.hash}")
