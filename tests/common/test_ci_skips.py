"""Under CI a skip is a failure unless it is the documented SQLite/PostgreSQL split (tests/conftest.py)."""

from __future__ import annotations

import pytest
from django.db import connection

from tests import conftest


@pytest.fixture
def skips(monkeypatch):
    recorded: list[tuple[str, str]] = []
    monkeypatch.setattr(conftest, "_SKIPS", recorded)
    return recorded


def test_a_missing_browser_or_reference_folder_is_reported_and_the_database_split_is_not(skips):
    other_half = "real row-lock races need PostgreSQL" if connection.vendor == "sqlite" else "the SQLite variant"
    skips += [("t::race", other_half), ("t::e2e", "Chromium not installed at /usr/bin/chromium"),
              ("t::ref", "shared fact sheet not mounted")]  # fmt: skip
    reported = conftest._undocumented_skips()
    assert any("t::e2e" in line for line in reported) and any("t::ref" in line for line in reported)
    assert not any("t::race" in line for line in reported)


def test_nothing_is_reported_when_nothing_skipped(skips):
    assert conftest._undocumented_skips() == []
