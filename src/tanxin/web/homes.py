"""What the home page shows each role. The facts-based parts come from ``cockpit.homes``; what no module offers
as a fact yet (filings due, verification findings to answer, support applications) is read here, in the shell,
through the owning app's gate (``visible_to``), so the home shows nothing its reader could not open."""

from __future__ import annotations

from typing import Any

from tanxin.cockpit import homes
from tanxin.disclosure import due as disclosure_due
from tanxin.disclosure.models import Finding
from tanxin.orgs.domain.roles import OrgKind
from tanxin.support.models import Application

DONE_APPLICATIONS = ("withdrawn",)
SHOWN = 10


def enterprise_context(user: Any, principal) -> dict[str, Any]:
    ids = sorted(principal.org_ids_of_kind(OrgKind.ENTERPRISE))
    findings = (Finding.objects.visible_to(user).filter(resolved=False, version__report__enterprise_id__in=ids)
                .select_related("version__report").order_by("created_at")[:SHOWN])  # fmt: skip
    applications = (Application.objects.visible_to(user).filter(enterprise_id__in=ids)
                    .exclude(status__in=DONE_APPLICATIONS).select_related("scheme").order_by("-pk")[:SHOWN])
    return {"homes": homes.enterprise_homes(ids), "due": disclosure_due.due_page(user, limit=SHOWN),
            "findings": list(findings), "applications": list(applications)}  # fmt: skip


def finance_context(user: Any, principal) -> dict[str, Any]:
    return {"bank_homes": homes.bank_homes(sorted(principal.org_ids_of_kind(OrgKind.BANK, OrgKind.GUARANTOR)))}
