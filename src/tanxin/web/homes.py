"""What the home page shows each role, from ``cockpit.homes`` (the modules' facts, for the person's own
organisations); the filings due are read through disclosure's gate (``due_page`` of the user)."""

from __future__ import annotations

from typing import Any

from tanxin.cockpit import homes
from tanxin.disclosure import due as disclosure_due
from tanxin.orgs.domain.roles import OrgKind

SHOWN = 10


def enterprise_context(user: Any, principal) -> dict[str, Any]:
    ids = sorted(principal.org_ids_of_kind(OrgKind.ENTERPRISE))
    tasks = homes.enterprise_tasks(ids, SHOWN)
    own, due = homes.enterprise_homes(ids), disclosure_due.due_page(user, limit=SHOWN)
    waiting = bool(due.items or tasks.findings or any(
        (h.position and h.position.shortfall_t) or h.margin_calls for h in own))  # what the to-do list will show
    return {"homes": own, "due": due, "findings": tasks.findings, "applications": tasks.applications,
            "waiting": waiting}


def finance_context(user: Any, principal) -> dict[str, Any]:
    return {"bank_homes": homes.bank_homes(sorted(principal.org_ids_of_kind(OrgKind.BANK, OrgKind.GUARANTOR)))}
