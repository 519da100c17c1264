"""Small helpers the matchmaking pages share."""

from __future__ import annotations

from decimal import Decimal

from tanxin.common.money import yuan_to_fen
from tanxin.orgs.domain.roles import CONSENT_GRANTEE_KINDS, OrgKind
from tanxin.orgs.gate import principal_for


def fen(value: Decimal | None) -> int:
    return yuan_to_fen(value) if value is not None else 0


def roles(user) -> dict[str, bool]:
    p = principal_for(user)
    return {"enterprise": bool(p.org_ids_of_kind(OrgKind.ENTERPRISE)),
            "enterprise_admin": bool(p.admin_org_ids() & p.org_ids_of_kind(OrgKind.ENTERPRISE)),
            "bank": bool(p.org_ids_of_kind(*CONSENT_GRANTEE_KINDS)),
            "staff": p.is_bureau_staff or p.is_superuser}  # fmt: skip


def own_enterprise(user) -> int | None:
    p = principal_for(user)
    ids = sorted(p.admin_org_ids() & p.org_ids_of_kind(OrgKind.ENTERPRISE))
    return ids[0] if ids else None
