"""Run every benchmark in bench/ (each file with a main()) in its own process; each prints one JSON line."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def has_main(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(isinstance(node, ast.FunctionDef) and node.name == "main" for node in tree.body)


def main() -> int:
    failures = 0
    for path in sorted(HERE.glob("*.py")):
        if path.name.startswith("_") or path.name == "run_all.py" or not has_main(path):
            continue
        result = subprocess.run([sys.executable, str(path)], cwd=HERE, capture_output=True, text=True)
        lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
        for line in lines:
            print(line, flush=True)
        if result.returncode != 0 or not lines:
            failures += 1
            error = (result.stderr or result.stdout).strip().splitlines()[-5:]
            print(json.dumps({"bench": path.stem, "error": error, "returncode": result.returncode}), flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
