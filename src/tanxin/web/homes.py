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
    return {"homes": homes.enterprise_homes(ids), "due": disclosure_due.due_page(user, limit=SHOWN),
            "findings": tasks.findings, "applications": tasks.applications}  # fmt: skip


def finance_context(user: Any, principal) -> dict[str, Any]:
    return {"bank_homes": homes.bank_homes(sorted(principal.org_ids_of_kind(OrgKind.BANK, OrgKind.GUARANTOR)))}
