"""A separate process for the kill -9 tests: ``allocate`` runs a bulk allocation and announces each stage on
stdout (then, with everything written but not committed, waits to be killed); ``count`` prints the rows a
killed run could have left behind. Run with DATABASE_URL pointing at the database under test."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _django() -> None:
    sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tanxin.config.settings_test")
    import django

    django.setup()


def _say(stage: str) -> None:
    print(stage, flush=True)


def allocate(spec: dict) -> None:
    from tanxin.orgs.models import User
    from tanxin.registry import bulk, services, store

    open_accounts, persist = bulk._open_accounts, store.persist

    def announced_open(*args, **kwargs):
        opened = open_accounts(*args, **kwargs)
        _say("opened")
        return opened

    def announced_persist(*args, **kwargs):
        _say("persisting")
        written = persist(*args, **kwargs)
        _say("persisted")
        if spec.get("hold"):
            time.sleep(120)  # inside the transaction, before the commit: the parent kills us here
        return written

    bulk._open_accounts, store.persist = announced_open, announced_persist
    user = User.objects.get(pk=spec["user"])
    result = services.bulk_allocate(user, spec["jurisdiction"], spec["rows"], "pre_allocation", reason="kill test")
    _say("committed " + json.dumps(result))


def count() -> None:
    from tanxin.registry.models import Account, Balance, JournalEntry, JournalStage, Posting, Transaction
    from tanxin.registry.verification import verify

    report = verify()
    print(json.dumps({
        "verified": report.ok, "problems": report.problems[:5], "accounts": Account.objects.count(),
        "account_history": Account.history.count(), "transactions": Transaction.objects.count(),
        "postings": Posting.objects.count(), "balances": Balance.objects.count(),
        "journal": JournalEntry.objects.count() + JournalStage.objects.count(),
    }), flush=True)  # fmt: skip


if __name__ == "__main__":
    _django()
    if sys.argv[1] == "allocate":
        allocate(json.loads(Path(sys.argv[2]).read_text()))
    else:
        count()
