"""The whole API under a bounded schema-driven fuzz run: no request, however malformed, answers 5xx."""

from __future__ import annotations

import os

import pytest

from tanxin.orgs import services as org_services
from tanxin.orgs.models import ApiToken
from tests.api import fuzz

# Per operation: this many schema-valid and this many schema-violating requests (170 operations: ~60 s per
# caller on SQLite, ~150 s on PostgreSQL, on 2 busy cores); the cap fails the run rather than skip operations,
# and sits well above those times so a slow machine is not mistaken for a hang.
EXAMPLES = int(os.environ.get("TANXIN_FUZZ_EXAMPLES", "4"))
TIME_CAP = float(os.environ.get("TANXIN_FUZZ_SECONDS", "480"))


def bearer(user) -> tuple[dict[str, str], object]:
    """A write token for ``user``, and a hook that keeps it alive (the fuzzer may revoke it: DELETE /tokens/1)."""
    record, token = org_services.create_token(user, "fuzz", "write", 1)

    def keep_alive() -> None:
        ApiToken.objects.filter(pk=record.pk).update(revoked_at=None)

    return {"Authorization": f"Bearer {token}"}, keep_alive


@pytest.mark.parametrize("persona", ["bureau_admin", "enterprise_a"])
def test_no_generated_request_answers_a_server_error(world, persona):
    headers, keep_alive = bearer(world.users[persona])
    report = fuzz.run(headers, EXAMPLES, TIME_CAP, after_each=keep_alive)
    print(persona, report.summary())
    for name, items in report.check_failures.items():
        print(name, *items[:5], sep="\n  ")
    assert not report.skipped_for_time, f"time cap reached before {report.skipped_for_time[:5]}"
    assert report.server_errors == [], "\n".join(report.server_errors)
