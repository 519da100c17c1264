"""Hand-written mutation testing: plant each known-dangerous bug in a temporary copy and see a test fail.

Each mutant replaces one exact snippet of a domain module (the snippet must occur exactly once) and names the
tests that must kill it. The working tree is never modified: the tracked and untracked (not ignored) files are
copied to a temporary directory, the mutant is applied there, the named tests run against that copy
(``PYTHONPATH=<copy>/src:<copy>``), and the file is restored byte for byte before the next mutant.

    .venv/bin/python scripts/mutants.py            # every mutant
    .venv/bin/python scripts/mutants.py -k penalty  # mutants whose name contains "penalty"
    .venv/bin/python scripts/mutants.py --list

Exit status 1 when a mutant survives (or the unmutated tests fail: the baseline must be green first).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Mutant:
    name: str
    path: str
    old: str
    new: str
    tests: tuple[str, ...]


WORKFLOW = "src/tanxin/disclosure/domain/workflow.py"
ALLOCATION = "src/tanxin/support/domain/allocation.py"
WF_TESTS = ("tests/disclosure/test_workflow_roles.py",)
ALLOC_TESTS = ("tests/support/test_allocation_boundaries.py",)

MUTANTS: tuple[Mutant, ...] = (
    Mutant("enterprise may publish", WORKFLOW,
           "State.PUBLISHED, Role.BUREAU)", "State.PUBLISHED, Role.BUREAU, Role.ENTERPRISE)", WF_TESTS),
    Mutant("bureau may verify", WORKFLOW,
           "State.VERIFIED, Role.VERIFIER)", "State.VERIFIED, Role.VERIFIER, Role.BUREAU)", WF_TESTS),
    Mutant("returned not editable", WORKFLOW,
           "EDITABLE_STATES = frozenset({State.DRAFT, State.RETURNED})", "EDITABLE_STATES = frozenset({State.DRAFT})",
           WF_TESTS),
    Mutant("bureau cannot return during verification", WORKFLOW,
           "State.RETURNED, Role.VERIFIER, Role.BUREAU)", "State.RETURNED, Role.VERIFIER)", WF_TESTS),
    Mutant("band lower bound exclusive", ALLOCATION,
           "if total >= band.min_score:", "if total > band.min_score:", ALLOC_TESTS),
    Mutant("min_score exclusive", ALLOCATION,
           "if r.entry.total < rule.min_score:", "if r.entry.total <= rule.min_score:", ALLOC_TESTS),
    Mutant("adjustment to exactly the budget refused", ALLOCATION,
           "if new_total > draft.budget_fen:", "if new_total >= draft.budget_fen:", ALLOC_TESTS),
    Mutant("adjustment to exactly the cap refused", ALLOCATION,
           "if new_fen > old.cap_fen:", "if new_fen >= old.cap_fen:", ALLOC_TESTS),
    Mutant("scaled at equality", ALLOCATION,
           "scaled = sum(targets) > budget", "scaled = sum(targets) >= budget", ALLOC_TESTS),
    Mutant("banded capped at equality", ALLOCATION,
           "capped.append(want > caps[pos])", "capped.append(want >= caps[pos])", ALLOC_TESTS),
    Mutant("proportional capped at equality", ALLOCATION,
           "capped=uncapped_share > caps[p]", "capped=uncapped_share >= caps[p]", ALLOC_TESTS),
    Mutant("Shenzhen penalty rounded down", "src/tanxin/registry/domain/compliance.py",
           "to_integral_value(rounding=ROUND_HALF_UP))", "to_integral_value(rounding='ROUND_FLOOR'))",
           ("tests/registry/test_penalty_half_fen.py",)),
    Mutant("Shenzhen penalty rounded half-even", "src/tanxin/registry/domain/compliance.py",
           "to_integral_value(rounding=ROUND_HALF_UP))", "to_integral_value(rounding='ROUND_HALF_EVEN'))",
           ("tests/registry/test_penalty_half_fen.py",)),
    Mutant("measured oxidation ignored", "src/tanxin/accounting/domain/calc/fuel.py",
           "of = _parameter_input(line.measured_oxidation,", "of = _parameter_input(None,",
           ("tests/accounting/test_measured_oxidation.py",)),
    Mutant("pledge on a blocked account", "src/tanxin/registry/domain/ledger.py",
           "    if hold.kind is HoldKind.PLEDGE:\n        _unblocked(account)\n",
           "    if hold.kind is HoldKind.PLEDGE:\n        pass\n",
           ("tests/registry/test_blocked_accounts.py",)),
    Mutant("support reads a misnamed disclosure provider", "src/tanxin/support/inputs.py",
           "this = _read(disclosure.disclosure,", "this = _read(getattr(disclosure, 'disclosures', lambda *a: None),",
           ("tests/support/test_facts_real_owners.py",)),
    Mutant("support swallows an owner's crash", "src/tanxin/support/inputs.py",
           "    except DomainError as exc:", "    except Exception as exc:",
           ("tests/support/test_facts_real_owners.py",)),
    Mutant("a plain member may move allowances (hot path)", "src/tanxin/registry/gate.py",
           'kind == "holding" and owner_id in principal.admin_org_ids())',
           'kind == "holding" and owner_id in principal.org_ids)', ("tests/registry/test_api_writes.py",)),
    Mutant("a plain member may move allowances (rule)", "src/tanxin/registry/gate.py",
           'f"{prefix}owner_id__in": principal.admin_org_ids(),', 'f"{prefix}owner_id__in": principal.org_ids,',
           ("tests/registry/test_api_writes.py",)),
)  # fmt: skip


def copy_tree(dest: Path) -> None:
    """Tracked and untracked-but-not-ignored files, as they are now in the working tree."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, check=True,
                            capture_output=True).stdout.decode().split("\0")  # fmt: skip
    for rel in filter(None, listed):
        src = ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)


def run_tests(copy: Path, tests: tuple[str, ...]) -> bool:
    """True when the tests pass in the copy."""
    env = {**os.environ, "PYTHONPATH": f"{copy / 'src'}{os.pathsep}{copy}", "PYTHONDONTWRITEBYTECODE": "1"}
    cmd = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "-p", "no:randomly", *tests]
    return subprocess.run(cmd, cwd=copy, env=env, capture_output=True).returncode == 0


def run_mutant(copy: Path, mutant: Mutant) -> str:
    target = copy / mutant.path
    original = target.read_bytes()
    text = original.decode()
    if text.count(mutant.old) != 1:
        return f"STALE (snippet found {text.count(mutant.old)} times)"
    try:
        target.write_text(text.replace(mutant.old, mutant.new))
        return "survived" if run_tests(copy, mutant.tests) else "killed"
    finally:
        target.write_bytes(original)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-k", default="", help="only mutants whose name contains this")
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args()
    chosen = [m for m in MUTANTS if args.k.lower() in m.name.lower()]
    if args.list:
        for m in chosen:
            print(f"{m.name}: {m.path} -> {' '.join(m.tests)}")
        return 0
    outcomes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="tanxin-mutants-") as tmp:
        copy = Path(tmp)
        copy_tree(copy)
        for tests in sorted({m.tests for m in chosen}):
            if not run_tests(copy, tests):
                print(f"BASELINE FAILS: {' '.join(tests)} (fix the tests before measuring mutants)")
                return 1
        for m in chosen:
            outcomes.append(run_mutant(copy, m))
            print(f"{outcomes[-1]:9} {m.name}  [{m.path}]  by {' '.join(m.tests)}", flush=True)
    killed = outcomes.count("killed")
    print(f"{len(chosen)} mutants run, {killed} killed, {len(chosen) - killed} not killed")
    return 0 if killed == len(chosen) else 1


if __name__ == "__main__":
    sys.exit(main())
