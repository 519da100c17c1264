"""Who is asking: the facts the permission gate needs about a user, free of the ORM.

Every module's ``visible_to(user, action)`` starts from a ``Principal``; keeping it a plain value makes
the rules testable without a database and cheap to cache per request.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tanxin.orgs.domain.roles import BUREAU_STAFF_ROLES, OrgKind, Role


@dataclass(frozen=True)
class Seat:
    """One membership: the user holds ``role`` in organisation ``org_id`` of ``kind``."""

    org_id: int
    kind: OrgKind
    role: Role
    jurisdiction_id: int


@dataclass(frozen=True)
class Principal:
    user_id: int | None
    is_superuser: bool = False
    seats: tuple[Seat, ...] = ()
    # Jurisdictions (with descendants) where this user is bureau staff.
    staff_jurisdictions: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_anonymous(self) -> bool:
        return self.user_id is None

    @property
    def org_ids(self) -> frozenset[int]:
        return frozenset(seat.org_id for seat in self.seats)

    def org_ids_of_kind(self, *kinds: OrgKind) -> frozenset[int]:
        return frozenset(seat.org_id for seat in self.seats if seat.kind in kinds)

    def admin_org_ids(self) -> frozenset[int]:
        return frozenset(seat.org_id for seat in self.seats if seat.role == Role.ADMIN)

    def has_kind(self, kind: OrgKind) -> bool:
        return any(seat.kind == kind for seat in self.seats)

    @property
    def is_bureau_staff(self) -> bool:
        return self.is_superuser or bool(self.staff_jurisdictions)

    @property
    def is_bureau_admin(self) -> bool:
        return self.is_superuser or any(seat.kind == OrgKind.BUREAU and seat.role == Role.ADMIN for seat in self.seats)

    @property
    def is_enterprise_member(self) -> bool:
        return self.has_kind(OrgKind.ENTERPRISE)

    @property
    def is_expert(self) -> bool:
        return any(seat.role == Role.EXPERT for seat in self.seats)

    def primary_kind(self) -> OrgKind | None:
        """The kind that decides the home page: bureau staff first, then the first seat."""
        if self.is_bureau_staff:
            return OrgKind.BUREAU
        return self.seats[0].kind if self.seats else None


ANONYMOUS = Principal(user_id=None)


def staff_seats(seats: tuple[Seat, ...]) -> tuple[Seat, ...]:
    return tuple(s for s in seats if s.kind == OrgKind.BUREAU and s.role in BUREAU_STAFF_ROLES)
