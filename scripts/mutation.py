"""Generated mutation testing of the critical domain modules: how many small bugs do the domain tests catch?

Every mutant from ``scripts/mutation_ops.py`` (comparison flips, arithmetic swaps, constant + 1, and/or,
negated conditions, ``return None``, removed statements, rounding modes...) is applied, one at a time, to a
temporary copy of the tree — never to the working tree — and the module's own pure domain tests run against it:
the test files under ``tests/`` that import ``tanxin.<app>.domain``, run without Django (``-p no:django
--noconftest``; a file that needs Django fails collection in the baseline and is left out).

A baseline run records which test executes which line; each mutant then runs only the tests that execute its
lines (fastest first, ``-x``, with a timeout), in a forked child of a process that has pytest and numpy loaded.
A mutant on a line no test executes is a survivor without running ("uncovered"). A survivor listed in
``scripts/mutation_equivalents.py`` (with the reason it cannot change behaviour) counts as equivalent.

    .venv/bin/python scripts/mutation.py                   # every module, smallest first
    .venv/bin/python scripts/mutation.py registry support  # some modules
    .venv/bin/python scripts/mutation.py lending --sample 300      # a fixed random sample (seed 0)
    .venv/bin/python scripts/mutation.py registry --rerun  # only last run's survivors (after adding tests)
    .venv/bin/python scripts/mutation.py registry --list   # the mutants, not run
    .venv/bin/python scripts/mutation.py securitisation --file roots.py --rerun   # one file's survivors again

Results: ``var/mutation/<module>.json``; the per-module table is printed at the end.
Kill rate = killed / (mutants − equivalent). Exit status 1 when a module is under 90 %.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mutants import copy_tree
from mutation_equivalents import EQUIVALENT
from mutation_ops import Mutation, mutations, render

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "var" / "mutation"
TARGET = 0.90
MODULES: dict[str, str] = {  # smallest first
    "disclosure": "disclosure workflow",
    "matchmaking": "matchmaking engine",
    "registry": "registry ledger and compliance",
    "support": "support allocation and scoring",
    "lending": "lending engine",
    "accounting": "accounting calculation",
    "securitisation": "securitisation engine",
}
PYTEST = ["-p", "no:django", "-p", "no:cacheprovider", "--noconftest", "-q", "--rootdir", ".",
          "-W", "ignore::pytest.PytestConfigWarning"]  # fmt: skip
KILLED = ("killed", "timeout")
_CHILD: list[int] = []  # the running child, stopped with the parent


class LineRecorder:
    """pytest plugin for the baseline: which lines of the mutated package each passing test executes."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.at_import: set[tuple[str, int]] = set()
        self.per_test: dict[str, set[tuple[str, int]]] = {}
        self.sink = self.at_import
        self.passed: dict[str, float] = {}

    def trace(self, frame, event, arg):
        return self._line if frame.f_code.co_filename.startswith(self.prefix) else None

    def _line(self, frame, event, arg):
        if event == "line":
            self.sink.add((frame.f_code.co_filename[len(self.prefix):], frame.f_lineno))
        return self._line

    def pytest_runtest_protocol(self, item, nextitem):
        self.sink = self.per_test.setdefault(item.nodeid, set())

    def pytest_runtest_logreport(self, report) -> None:
        if report.when == "call" and report.passed:
            self.passed[report.nodeid] = report.duration
        elif report.failed:
            self.passed.pop(report.nodeid, None)


def run_child(args: list[str], timeout: float, log: Path | None = None, recorder: LineRecorder | None = None,
              dump: Path | None = None) -> str:  # fmt: skip
    """Run pytest in a forked child: "passed", "failed" or "timeout"."""
    import pytest

    pid = os.fork()
    if pid == 0:
        code = 3
        try:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            fd = os.open(log or os.devnull, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            os.dup2(fd, 1)
            os.dup2(fd, 2)
            sys.dont_write_bytecode = recorder is None  # a mutant's bytecode must never be cached
            signal.alarm(int(timeout) + 1)
            if recorder is not None:
                sys.settrace(recorder.trace)
            code = int(pytest.main(args, plugins=[recorder] if recorder else []))
            sys.settrace(None)
            if recorder is not None and dump is not None:
                dump.write_text(json.dumps({"passed": recorder.passed, "at_import": sorted(recorder.at_import),
                                            "per_test": {k: sorted(v) for k, v in recorder.per_test.items()}}))
        finally:
            os._exit(code)
    _CHILD[:] = [pid]
    deadline = time.monotonic() + timeout + 5
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return "passed" if os.waitstatus_to_exitcode(status) == 0 else "failed"
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return "timeout"
        time.sleep(0.01)


def test_files(app: str) -> list[str]:
    needle = f"tanxin.{app}.domain"
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests").rglob("test_*.py") if needle in p.read_text())


class Module:
    """One domain package, its tests and its baseline coverage inside the temporary copy."""

    def __init__(self, work: Path, app: str) -> None:
        self.work, self.app = work, app
        self.files = sorted(str(p.relative_to(work)) for p in (work / "src/tanxin" / app / "domain").rglob("*.py"))
        self.tests = test_files(app)

    def baseline(self) -> str | None:
        dump, log = self.work / f".baseline-{self.app}.json", RESULTS / f"{self.app}.baseline.log"
        recorder = LineRecorder(str(self.work) + "/")
        started = time.monotonic()
        run_child([*PYTEST, "-p", "no:randomly", "--continue-on-collection-errors", *self.tests], 1800, log,
                  recorder, dump)  # fmt: skip
        self.seconds = time.monotonic() - started
        if not dump.exists():
            return f"baseline did not finish, see {log}"
        data = json.loads(dump.read_text())
        self.passed: dict[str, float] = data["passed"]
        self.at_import = {tuple(x) for x in data["at_import"]}
        self.per_test = {k: {tuple(x) for x in v} for k, v in data["per_test"].items() if k in self.passed}
        return None if self.passed else f"no domain test passes without Django, see {log}"

    def tests_for(self, m: Mutation) -> list[str] | None:
        lines = {(m.path, n) for n in range(m.line, m.end_line + 1)}
        chosen = [t for t, seen in self.per_test.items() if seen & lines]
        if not chosen and lines & self.at_import:
            chosen = list(self.passed)  # module-level code: every test may depend on it
        return sorted(chosen, key=lambda t: self.passed[t]) if chosen else None

    def run(self, m: Mutation) -> tuple[str, int]:
        tests = self.tests_for(m)
        if tests is None:
            return "uncovered", 0
        target = self.work / m.path
        original, stat = target.read_bytes(), target.stat()
        try:
            target.write_text(render(original.decode(), m))
            budget = 10 + 3 * sum(self.passed[t] for t in tests) + self.seconds
            outcome = run_child([*PYTEST, "-x", "-p", "no:randomly", *tests], budget)
        finally:
            target.write_bytes(original)
            os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # the cached bytecode stays valid
        return {"passed": "survived", "failed": "killed", "timeout": "timeout"}[outcome], len(tests)


def classify(status: str, m: Mutation) -> str:
    if status in ("survived", "uncovered") and m.key in EQUIVALENT:
        return "equivalent"
    return status


def summary(app: str, rows: list[dict], sampled: bool) -> dict:
    total = len(rows)
    killed = sum(r["status"] in KILLED for r in rows)
    equivalent = sum(r["status"] == "equivalent" for r in rows)
    survived = total - killed - equivalent
    rate = killed / (total - equivalent) if total > equivalent else 1.0
    return {"module": app, "label": MODULES[app], "mutants": total, "killed": killed, "survived": survived,
            "equivalent": equivalent, "rate": rate, "sampled": sampled}  # fmt: skip


def measure(work: Path, app: str, args: argparse.Namespace) -> dict | None:
    module = Module(work, app)
    all_mutants = [m for f in module.files for m in mutations(f, (work / f).read_text())]
    chosen = all_mutants
    previous: dict[str, dict] = {}
    saved = RESULTS / f"{app}.json"
    if args.file:  # a part of the module: its own results file, seeded from the module's last run
        chosen = [m for m in chosen if any(part in m.path for part in args.file)]
        part = RESULTS / f"{app}.part-{'-'.join(Path(f).stem for f in args.file)}.json"
        saved, seed = part, part if part.exists() else saved
    else:
        seed = saved
    if args.rerun and seed.exists():
        previous = {r["id"]: r for r in json.loads(seed.read_text())["rows"]}
    if args.sample and args.sample < len(chosen):
        chosen = sorted(random.Random(0).sample(chosen, args.sample), key=all_mutants.index)
    if args.list:
        for m in chosen:
            print(f"{m.path}:{m.line} [{m.op}] {m.before}  ->  {m.after}")
        return None
    error = module.baseline()
    if error:
        print(f"{app}: {error}")
        return None
    print(f"== {app}: {len(chosen)} mutants, {len(module.passed)} domain tests "
          f"({module.seconds:.1f} s baseline) from {len(module.tests)} files", flush=True)  # fmt: skip
    rows = []
    for i, m in enumerate(chosen, 1):
        ident = f"{m.path}:{m.node_index}:{m.op_index}"
        before = previous.get(ident)
        if before is not None and before["status"] in KILLED:
            status, ran = before["status"], before["tests_run"]
        else:
            status, ran = module.run(m)
        status = classify(status, m)
        rows.append({"id": ident, "key": m.key, **asdict(m), "status": status, "tests_run": ran})
        if status in ("survived", "uncovered"):
            print(f"  [{i}/{len(chosen)}] {status:9} {m.path}:{m.line} [{m.op}] {m.before}  ->  {m.after}",
                  flush=True)  # fmt: skip
    result = summary(app, rows, sampled=len(chosen) < len(all_mutants))
    result["generated"] = len(all_mutants)
    RESULTS.mkdir(parents=True, exist_ok=True)
    saved.write_text(json.dumps({"summary": result, "rows": rows}, ensure_ascii=False, indent=1))
    print(table([result]), flush=True)
    return result


def table(results: list[dict]) -> str:
    lines = ["| Module | Mutants | Killed | Survived | Equivalent | Kill rate |", "|---|---:|---:|---:|---:|---:|"]
    for r in results:
        note = f" (sample of {r['generated']})" if r["sampled"] else ""
        lines.append(f"| {r['label']} (`{r['module']}/domain`) | {r['mutants']}{note} | {r['killed']} | "
                     f"{r['survived']} | {r['equivalent']} | {r['rate']:.1%} |")  # fmt: skip
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", metavar="MODULE",
                        help=f"any of {', '.join(MODULES)}; default: all, smallest first")  # fmt: skip
    parser.add_argument("--sample", type=int, default=0, help="run a fixed random sample of N mutants per module")
    parser.add_argument("--rerun", action="store_true", help="keep last run's killed mutants, rerun the rest")
    parser.add_argument("--list", action="store_true", help="list the mutants without running them")
    parser.add_argument("--file", action="append", default=[], metavar="PART",
                        help="only the mutants of files whose path contains PART (repeatable); results go to "
                        "<module>.part-<PART...>.json, and --rerun starts from the module's last run")  # fmt: skip
    parser.add_argument("--report", action="store_true", help="the saved results, before (<module>.before.json) "
                        "and after new tests, as a table; nothing is run")  # fmt: skip
    args = parser.parse_args()
    unknown = sorted(set(args.modules) - set(MODULES))
    if unknown:
        parser.error(f"unknown module {', '.join(unknown)}")
    if args.report:
        print(report(args.modules or list(MODULES)))
        return 0
    signal.signal(signal.SIGTERM, _stop)
    apps = args.modules or list(MODULES)
    results = []
    RESULTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="tanxin-mutation-") as tmp:
        work = Path(tmp)
        copy_tree(work)
        os.chdir(work)
        sys.path[:0] = [str(work / "src"), str(work)]
        _warm_up()
        for app in apps:
            result = measure(work, app, args)
            if result is not None:
                results.append(result)
    if results:
        print("\nMutation testing (kill rate = killed / (mutants - equivalent); target 90 %):")
        print(table(results))
    return 0 if all(r["rate"] >= TARGET for r in results) else 1


def report(apps: list[str]) -> str:
    """Saved results as a before/after table (a module without a ``.before.json`` shows one run)."""
    lines = ["| Module | Mutants run (of) | Killed before | Survived before | Killed after | Survived after | "
             "Equivalent | Kill rate before → after |", "|---|---:|---:|---:|---:|---:|---:|---|"]  # fmt: skip
    for app in apps:
        saved = RESULTS / f"{app}.json"
        if not saved.exists():
            lines.append(f"| {MODULES[app]} (`{app}/domain`) | not run | | | | | | |")
            continue
        after = json.loads(saved.read_text())["summary"]
        first = RESULTS / f"{app}.before.json"
        before = json.loads(first.read_text())["summary"] if first.exists() else after
        lines.append(f"| {MODULES[app]} (`{app}/domain`) | {after['mutants']} ({after['generated']}) | "
                     f"{before['killed']} | {before['survived'] + before['equivalent']} | {after['killed']} | "
                     f"{after['survived']} | {after['equivalent']} | {before['rate']:.1%} → {after['rate']:.1%} |")
    return "\n".join(lines)


def _stop(signum: int, frame: object) -> None:
    for pid in _CHILD:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    sys.exit(128 + signum)


def _warm_up() -> None:
    """Load what every child needs once, so a mutant costs only its own tests; Hypothesis made reproducible and
    free of timing (a slow machine must not kill a mutant)."""
    import decimal  # noqa: F401

    import pytest  # noqa: F401
    from hypothesis import settings

    try:
        import numpy  # noqa: F401
    except ImportError:
        pass
    settings.register_profile("mutation", deadline=None, derandomize=True, database=None, print_blob=False,
                              max_examples=50)  # half the default: a property still tries many cases per mutant
    settings.load_profile("mutation")


if __name__ == "__main__":
    sys.exit(main())
