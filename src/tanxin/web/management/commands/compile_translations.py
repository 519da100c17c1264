"""Compile every .po catalogue under locale/ to .mo with Babel, so setup needs no GNU gettext."""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Compile the project's and every app's locale/*/LC_MESSAGES/*.po to .mo (pure Python, via Babel)."

    def handle(self, *args, **options):
        count = 0
        app_dirs = [Path(c.path) / "locale" for c in apps.get_app_configs() if c.name.startswith("tanxin.")]
        for locale_dir in [*settings.LOCALE_PATHS, *(d for d in app_dirs if d.is_dir())]:
            for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                with po_path.open("rb") as handle:
                    catalog = read_po(handle, locale=po_path.parts[-3])
                errors = [(m.id, e) for m, e in catalog.check() if e]
                if errors:
                    raise CommandError(f"{po_path}: {errors[:3]}")
                with mo_path.open("wb") as handle:
                    write_mo(handle, catalog, use_fuzzy=False)
                count += 1
        self.stdout.write(f"Compiled {count} catalogue(s).")
