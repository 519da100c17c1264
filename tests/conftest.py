from __future__ import annotations

import pytest

from tests.personas import World, build_world


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The shipped reference tables (industries, jurisdictions) are loaded once for the whole run, so no test pays
    for them. Each test's rollback keeps them; a transactional test's flush removes them, and the next
    ``build_world`` (or seed) loads them again."""
    from tanxin.orgs.reference import load_industries, load_jurisdictions

    with django_db_blocker.unblock():
        load_industries()
        load_jurisdictions()


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: an answer kept by an earlier test (whose rolled-back rows may have
    had the same ids) is never reused."""
    from django.core.cache import cache

    cache.clear()


# The one documented reason a test may skip in CI: it belongs to the other database's half of the run (real
# row-lock races and the PostgreSQL kill test on SQLite; the SQLite copy of the kill test on PostgreSQL).
DB_SPLIT = {"sqlite": ("PostgreSQL",), "postgresql": ("the SQLite variant",)}
_SKIPS: list[tuple[str, str]] = []


def pytest_runtest_logreport(report):
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        _SKIPS.append((report.nodeid, reason))


def _undocumented_skips() -> list[str]:
    from django.db import connection

    allowed = DB_SPLIT.get(connection.vendor, ())
    return [f"  {node}: {reason}" for node, reason in _SKIPS if not any(a in reason for a in allowed)]


def pytest_sessionfinish(session, exitstatus):
    """Under ``CI=true`` a skip is a failure unless it is the documented SQLite/PostgreSQL split."""
    import os

    if os.environ.get("CI") == "true" and exitstatus == 0:
        silent = _undocumented_skips()
        if silent:
            lines = ["", "Tests skipped in CI without the SQLite/PostgreSQL reason (install what they need):", *silent]
            session.config.get_terminal_writer().line("\n".join(lines), red=True)
            session.exitstatus = 1
    _matrix_coverage(session, exitstatus)


def _matrix_coverage(session, exitstatus):
    """With ``TANXIN_MATRIX_COVERAGE=1`` (``make test``, the whole suite): fail the run if a page or an API
    operation was reached by no persona matrix, unless it is on the shrinking debt list
    (see ``tests/matrix_coverage.py``)."""
    import os

    if os.environ.get("TANXIN_MATRIX_COVERAGE") != "1" or exitstatus != 0:
        return
    from tests import matrix_coverage

    problems = matrix_coverage.verdict()
    if problems:
        lines = ["", "Persona-matrix coverage (tests/matrix_coverage.py):", *problems]
        session.config.get_terminal_writer().line("\n".join(lines), red=True)
        session.exitstatus = 1
