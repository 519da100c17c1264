from __future__ import annotations

import pytest

from tests.personas import World, build_world


@pytest.fixture
def world(db) -> World:
    return build_world()



def pytest_sessionfinish(session, exitstatus):
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
