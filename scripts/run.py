"""Run the web server, the task worker, the daily-job scheduler and (PostgreSQL) the journal sealer together.

Ctrl-C (or SIGTERM) stops all.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    port = os.environ.get("PORT", "8000")
    python = sys.executable
    commands = {
        "web": [python, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        "worker": [python, "manage.py", "db_worker", "--interval", "1"],
        "scheduler": [python, "manage.py", "run_scheduler"],
    }
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        # PostgreSQL operations stage their journal records; the sealer chains them (SQLite appends directly).
        commands["sealer"] = [python, "manage.py", "registry_seal"]
    procs = {name: subprocess.Popen(cmd, cwd=ROOT) for name, cmd in commands.items()}
    pids = ", ".join(f"{name} pid {proc.pid}" for name, proc in procs.items())
    print(f"Tanxin: http://127.0.0.1:{port}/  ({pids}; Ctrl-C stops all)", flush=True)
    stopping = False

    def stop(*_args) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    exit_code = 0
    while not stopping:
        for name, proc in procs.items():
            if proc.poll() is not None:
                print(f"{name} exited with {proc.returncode}; stopping the rest.")
                exit_code = proc.returncode or 1
                stopping = True
        time.sleep(0.3)
    for proc in procs.values():
        if proc.poll() is None:
            proc.terminate()
    deadline = time.time() + 10
    for proc in procs.values():
        try:
            proc.wait(timeout=max(0.1, deadline - time.time()))
        except subprocess.TimeoutExpired:
            proc.kill()
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
