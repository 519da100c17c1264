"""Equivalent survivors of the securitisation engine's numerics part, each with its reason (merged by
``scripts/mutation_equivalents.py``; same key format)."""

from __future__ import annotations

EQUIVALENT: dict[str, str] = {}
