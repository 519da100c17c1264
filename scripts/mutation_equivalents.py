"""Surviving mutants that cannot change behaviour, each with the reason (read by ``scripts/mutation.py``).

Key: ``<path>::<enclosing function>::<before> -> <after>`` as printed by ``scripts/mutation.py --list`` and
stored in ``var/mutation/<module>.json``. A survivor that is not here is a missing test (or a bug).
"""

from __future__ import annotations

EQUIVALENT: dict[str, str] = {}
