"""Shared plumbing for the registry benchmarks: a PostgreSQL database and a populated registry.

DATABASE_URL (PostgreSQL) is used when set; otherwise a throwaway cluster is started in a temporary
directory on port 5499 (as ``.ci/run`` does) and stopped at exit. Not a benchmark itself (no main()).
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
PORT = int(os.environ.get("BENCH_PG_PORT", "5499"))


def _as_postgres(cmd: list[str]) -> list[str]:
    if os.geteuid() == 0:  # initdb refuses to run as root
        return ["su", "postgres", "-c", " ".join(cmd)]
    return cmd


def throwaway_postgres() -> str:
    data = Path(tempfile.mkdtemp(prefix="tanxin-pgbench-"))
    if os.geteuid() == 0:
        shutil.chown(data, "postgres")
    subprocess.run(_as_postgres([str(PG_BIN / "initdb"), "-D", str(data / "db"), "-A", "trust", "-U", "postgres"]),
                   check=True, capture_output=True)  # fmt: skip
    options = f"'-p {PORT} -k /tmp -c max_connections=100 -c fsync=off -c synchronous_commit=off'"
    subprocess.run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data / "db"), "-o", options, "-w",
                                 "-l", str(data / "log"), "start"]), check=True, capture_output=True)  # fmt: skip

    def stop() -> None:
        subprocess.run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data / "db"), "-m", "fast", "stop"]),
                       capture_output=True)  # fmt: skip
        shutil.rmtree(data, ignore_errors=True)

    atexit.register(stop)
    for _ in range(50):
        ready = subprocess.run([str(PG_BIN / "pg_isready"), "-h", "127.0.0.1", "-p", str(PORT)], capture_output=True)
        if ready.returncode == 0:
            break
        time.sleep(0.1)
    subprocess.run([str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(PORT), "-U", "postgres",
                    "tanxin_bench"], check=True, capture_output=True)  # fmt: skip
    return f"postgres://postgres@127.0.0.1:{PORT}/tanxin_bench"


def setup() -> str:
    """Django on PostgreSQL, migrated. Returns the database vendor."""
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT))
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        url = throwaway_postgres()
        os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tanxin.config.settings")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("CONN_MAX_AGE", "0")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    return connection.vendor


def registry(accounts: int, tag: str):
    """A bureau, ``accounts`` enterprises with holding accounts and a superuser: (bureau, accounts, user)."""
    from tanxin.common.identifiers import make_uscc
    from tanxin.orgs.models import Organisation, User
    from tanxin.orgs.reference import load_jurisdictions
    from tanxin.registry import services
    from tanxin.registry.models import Account

    jurisdictions = load_jurisdictions()
    nanshan = jurisdictions["440305"]
    bureau = Organisation.objects.filter(kind="bureau", jurisdiction=nanshan).first() or Organisation.objects.create(
        kind="bureau", uscc=make_uscc("11", "440305", "MB2C9999"), name_zh="南山管理局（基准测试）",
        jurisdiction=nanshan)  # fmt: skip
    services.bureau_accounts(bureau)
    orgs = Organisation.objects.bulk_create([
        Organisation(kind="enterprise", uscc=make_uscc("91", "440305", f"{tag}{i:07d}"),
                     name_zh=f"基准企业{tag}{i:06d}", jurisdiction=nanshan)
        for i in range(accounts)
    ], batch_size=2000)  # fmt: skip
    accs = Account.objects.bulk_create([
        Account(number=f"440305-{o.uscc}", kind="holding", owner=o, jurisdiction=nanshan) for o in orgs
    ], batch_size=2000)  # fmt: skip
    user = User.objects.filter(username="bench").first() or User.objects.create_superuser("bench", "b@x.invalid", "x")
    return bureau, accs, user


def emit(record: dict) -> None:
    print(json.dumps(record, ensure_ascii=False), flush=True)
