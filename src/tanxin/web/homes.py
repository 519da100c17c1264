"""What the home page shows each role, from ``cockpit.homes`` (the modules' facts, for the person's own
organisations, which the principal names)."""

from __future__ import annotations

from typing import Any

from tanxin.cockpit import homes
from tanxin.orgs.domain.roles import OrgKind

SHOWN = 10


def enterprise_context(user: Any, principal) -> dict[str, Any]:
    ids = sorted(principal.org_ids_of_kind(OrgKind.ENTERPRISE))
    tasks = homes.enterprise_tasks(ids, SHOWN)
    own, due = homes.enterprise_homes(ids), tasks.due
    waiting = bool(due.items or tasks.findings or any(
        (h.position and h.position.shortfall_t) or h.margin_calls for h in own))  # what the to-do list will show
    return {"homes": own, "due": due, "findings": tasks.findings, "applications": tasks.applications,
            "waiting": waiting}


def finance_context(user: Any, principal) -> dict[str, Any]:
    return {"bank_homes": homes.bank_homes(sorted(principal.org_ids_of_kind(OrgKind.BANK, OrgKind.GUARANTOR)))}
