"""Organisation kinds, roles and which roles each kind of organisation may hand out."""

from __future__ import annotations

from enum import StrEnum


class OrgKind(StrEnum):
    BUREAU = "bureau"
    ENTERPRISE = "enterprise"
    BANK = "bank"
    GUARANTOR = "guarantor"
    VERIFIER = "verifier"


class Role(StrEnum):
    ADMIN = "admin"  # manages the organisation's people and profile
    OFFICER = "officer"  # bureau staff member, bank credit officer, verifier auditor
    MEMBER = "member"  # an enterprise employee who enters data
    EXPERT = "expert"  # an outside expert enrolled by the bureau; no staff rights


ROLES_BY_KIND: dict[OrgKind, tuple[Role, ...]] = {
    OrgKind.BUREAU: (Role.ADMIN, Role.OFFICER, Role.EXPERT),
    OrgKind.ENTERPRISE: (Role.ADMIN, Role.MEMBER),
    OrgKind.BANK: (Role.ADMIN, Role.OFFICER),
    OrgKind.GUARANTOR: (Role.ADMIN, Role.OFFICER),
    OrgKind.VERIFIER: (Role.ADMIN, Role.OFFICER),
}

# Bureau staff (not experts) see and manage the directory of their jurisdiction.
BUREAU_STAFF_ROLES = frozenset({Role.ADMIN, Role.OFFICER})
# Kinds that may receive an enterprise's consent to read its data.
CONSENT_GRANTEE_KINDS = frozenset({OrgKind.BANK, OrgKind.GUARANTOR})


def role_allowed(kind: OrgKind | str, role: Role | str) -> bool:
    return Role(role) in ROLES_BY_KIND[OrgKind(kind)]
