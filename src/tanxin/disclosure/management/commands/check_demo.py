"""``manage.py check_demo``: the demo data's invariants (see ``tanxin.disclosure.demo_checks``)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from tanxin.disclosure import demo_checks


class Command(BaseCommand):
    help = "Check that the demo data tells one consistent story (obligations, published figures, price levels)."

    def handle(self, *args, **options) -> None:
        found = demo_checks.problems()
        for problem in found:
            self.stderr.write(problem)
        if found:
            raise CommandError(f"{len(found)} demo inconsistencies")
        self.stdout.write("Demo data is consistent.")
