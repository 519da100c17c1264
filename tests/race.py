"""One harness for real concurrency tests on PostgreSQL: threads with their own connections start together.

``race(worker, n)`` runs ``worker(i)`` for i in 0..n-1 behind a barrier and returns every outcome: the
worker's result, a ``DomainError``'s code, or ``"unexpected ..."`` for any other exception (so it shows in
the assertion message instead of vanishing with its thread). ``require_postgres()`` skips on SQLite, which
serialises writers with IMMEDIATE transactions and so cannot race.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from tanxin.common.errors import DomainError

JOIN_SECONDS = 60


def require_postgres() -> None:
    """Call from an autouse fixture: skips the test on SQLite."""
    if connection.vendor != "postgresql":
        pytest.skip("real row-lock races need PostgreSQL (SQLite serialises writers with IMMEDIATE transactions)")


def race(worker: Callable[[int], Any], n: int) -> list[Any]:
    barrier, results, lock = threading.Barrier(n), [], threading.Lock()

    def run(i: int) -> None:
        try:
            barrier.wait()
            outcome = worker(i)
        except DomainError as exc:
            outcome = exc.code
        except Exception as exc:  # surfaced in the assertion message
            outcome = f"unexpected {exc!r}"
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(JOIN_SECONDS)
    return results


def fail_on_call(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str, n: int, exc: BaseException) -> list[int]:
    """Part-way failures: let ``owner.name`` run n-1 times for real, then raise ``exc`` on the n-th call, so an
    import or bulk write fails after some rows are already written. Returns the call counter (one item)."""
    real, calls = getattr(owner, name), [0]

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] == n:
            raise exc
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, wrapper)
    return calls
