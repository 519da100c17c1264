"""kill -9 during a bulk allocation leaves nothing partial, on SQLite and on PostgreSQL.

A child process runs a bulk allocation that opens 800 holding accounts; the test kills it with SIGKILL at
several points inside the transaction (just after the accounts are opened, while the ledger rows are being
written, and with everything written but not committed), then verifies the registry and counts the side rows
in a fresh process after each kill (and runs the ``registry_verify`` command after the last one): no account,
history record, transaction, posting, balance or journal row may remain. A control run that is not killed
shows the same counts do move when the work commits.

The child needs committed data it can see, so these tests run outside the test transaction
(``transaction=True``); on SQLite the in-memory test database is copied to a file the child opens.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from tanxin.common.identifiers import make_uscc
from tanxin.orgs.models import Organisation
from tests.registry.fixtures import build_registry

CHILD = Path(__file__).with_name("bulk_child.py")
ROOT = Path(__file__).resolve().parents[2]
ACCOUNTS = 800
# (stage announced by the child, delay before SIGKILL); None: a random delay up to 0.2 s, mostly mid-write.
TRIALS = [("opened", 0.0), ("persisting", None), ("persisting", 0.02), ("persisted", 0.0)]


def _prepare(world) -> dict:
    reg = build_registry(world, cap=10_000_000, allocate_a=0)
    orgs = Organisation.objects.bulk_create([
        Organisation(kind="enterprise", uscc=make_uscc("91", "440305", f"K{i:07d}"), name_zh=f"批量{i}",
                     jurisdiction=reg.a.jurisdiction)
        for i in range(ACCOUNTS)
    ])  # fmt: skip
    rows = [{"uscc": o.uscc, "instrument": "SZA-2024", "quantity": "7"} for o in orgs]
    return {"user": world.users["bureau_admin"].pk, "jurisdiction": reg.a.jurisdiction_id, "rows": rows}


def _database_url(tmp_path: Path) -> str:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(tmp_path / "copy.sqlite3")
        connection.connection.backup(target)
        target.close()
        return f"sqlite:///{tmp_path / 'copy.sqlite3'}"
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def _env(url: str) -> dict:
    return {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "tanxin.config.settings_test"}


def _counts(url: str) -> dict:
    done = subprocess.run([sys.executable, str(CHILD), "count"], env=_env(url), capture_output=True, text=True,
                          timeout=120, check=True)  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def _registry_verify(url: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "manage.py"), "registry_verify"], env=_env(url),
                          capture_output=True, text=True, timeout=120)  # fmt: skip


def _kill_at(url: str, spec_path: Path, stage: str, delay: float) -> list[str]:
    """Start the child, wait for ``stage`` on its stdout, sleep ``delay``, SIGKILL it; the stages it reached."""
    child = subprocess.Popen([sys.executable, str(CHILD), "allocate", str(spec_path)], env=_env(url),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    seen = []
    try:
        for line in child.stdout:
            seen.append(line.strip())
            if line.strip() == stage:
                time.sleep(delay)
                break
        else:
            pytest.fail(f"the child ended before {stage!r}: {child.stderr.read()[-2000:]}")
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(30)
    assert child.returncode == -signal.SIGKILL
    assert not any(s.startswith("committed") for s in seen)
    return seen


def _kill_trials(world, tmp_path: Path) -> None:
    spec = _prepare(world)
    url = _database_url(tmp_path)
    spec_path = tmp_path / "spec.json"
    before = _counts(url)
    assert before["verified"], before
    rng = random.Random(20260611)
    for stage, delay in TRIALS:
        # The child always waits before its commit, so a kill after a random delay lands mid-write or with
        # everything written but uncommitted — never after a commit that a fast machine reached first.
        spec_path.write_text(json.dumps({**spec, "hold": True}))
        seen = _kill_at(url, spec_path, stage, rng.uniform(0, 0.2) if delay is None else delay)
        after = _counts(url)
        assert after == before, f"killed after {seen}: {after} != {before}"
    verified = _registry_verify(url)
    assert verified.returncode == 0, verified.stderr
    # Control: the same run, not killed, commits — so the counts above could have moved.
    spec_path.write_text(json.dumps({**spec, "hold": False}))
    done = subprocess.run([sys.executable, str(CHILD), "allocate", str(spec_path)], env=_env(url),
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    after = _counts(url)
    assert after["verified"] and after["accounts"] == before["accounts"] + ACCOUNTS
    assert after["account_history"] == before["account_history"] + ACCOUNTS
    assert after["transactions"] == before["transactions"] + ACCOUNTS


@pytest.mark.django_db(transaction=True)
def test_kill_9_during_a_bulk_allocation_leaves_nothing_partial_on_sqlite(world, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite variant; the PostgreSQL one is below")
    _kill_trials(world, tmp_path)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_kill_9_during_a_bulk_allocation_leaves_nothing_partial_on_postgresql(world, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://…")
    _kill_trials(world, tmp_path)
