"""Shared bench plumbing: a database for the run (DATABASE_URL, or a fresh temporary SQLite file) and Django."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def django_for_bench() -> str:
    """Point Django at DATABASE_URL or a new temporary SQLite file, set it up, migrate. Returns the vendor."""
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT))
    if "DATABASE_URL" not in os.environ:
        path = Path(tempfile.mkdtemp(prefix="tanxin-bench-")) / "bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tanxin.config.settings")
    os.environ.setdefault("DEBUG", "false")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    return connection.vendor


def emit(record: dict) -> None:
    print(json.dumps(record, ensure_ascii=False), flush=True)
