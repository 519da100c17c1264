"""Reads of the directory, always through the permission gate."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from tanxin.orgs.domain.principal import staff_seats
from tanxin.orgs.domain.roles import OrgKind
from tanxin.orgs.gate import principal_for
from tanxin.orgs.models import Membership, Organisation

SORTS = {
    "name": "name_zh",
    "-name": "-name_zh",
    "uscc": "uscc",
    "-uscc": "-uscc",
    "industry": "industry__code",
    "-industry": "-industry__code",
    "created": "created_at",
    "-created": "-created_at",
    "kind": "kind",
    "-kind": "-kind",
}


@dataclass
class DirectoryFilter:
    q: str = ""
    kind: str = ""
    jurisdiction: str = ""  # division code
    industry: str = ""  # GB/T 4754 code or prefix (section letter or division)
    enterprise_type: str = ""
    size: str = ""
    ets: str = ""
    status: str = ""
    key_emitter: bool | None = None
    sort: str = "name"

    @classmethod
    def from_params(cls, params: Any) -> DirectoryFilter:
        key_emitter = params.get("key_emitter", "")
        return cls(
            q=(params.get("q") or "").strip()[:100],
            kind=params.get("kind", "") or "",
            jurisdiction=params.get("jurisdiction", "") or "",
            industry=(params.get("industry", "") or "").upper(),
            enterprise_type=params.get("enterprise_type", "") or "",
            size=params.get("size", "") or "",
            ets=params.get("ets", "") or "",
            status=params.get("status", "") or "",
            key_emitter={"true": True, "1": True, "false": False, "0": False}.get(str(key_emitter).lower()),
            sort=params.get("sort", "name") if params.get("sort") in SORTS else "name",
        )


def contains_text(field: str, q: str) -> Q:
    """``field`` contains ``q``, ignoring case. A query without cased letters (Chinese, digits) is matched as
    it is: the same rows, without folding the case of every row (on PostgreSQL that folding, UPPER() on each
    name, was most of a search over 20,000 enterprises)."""
    lookup = "contains" if q.upper() == q.lower() else "icontains"
    return Q(**{f"{field}__{lookup}": q})


def name_or_code(q: str) -> Q:
    """An organisation whose Chinese or English name contains ``q`` (case ignored for letters), or whose
    credit code does (codes are stored in capitals): the one search every organisation box uses."""
    return contains_text("name_zh", q) | contains_text("name_en", q) | Q(uscc__contains=q.upper())


def directory(user: Any, f: DirectoryFilter) -> QuerySet[Organisation]:
    qs = Organisation.objects.visible_to(user, "view").select_related("industry", "jurisdiction")
    if f.q:
        qs = qs.filter(name_or_code(f.q))
    exact = {
        "kind": f.kind,
        "jurisdiction__code": f.jurisdiction,
        "enterprise_type": f.enterprise_type,
        "size": f.size,
        "ets": f.ets,
        "status": f.status,
    }
    qs = qs.filter(**{field: value for field, value in exact.items() if value})
    if f.industry:
        qs = qs.filter(Q(industry__code=f.industry) | Q(industry__parent__code=f.industry))
    if f.key_emitter is not None:
        qs = qs.filter(key_emitter=f.key_emitter)
    return qs.order_by(SORTS[f.sort], "pk")


def get_organisation(user: Any, org_id: int, action: str = "view") -> Organisation | None:
    return (
        Organisation.objects.visible_to(user, action)
        .select_related("industry", "jurisdiction")
        .filter(pk=org_id)
        .first()
    )


def members(user: Any, org: Organisation) -> QuerySet[Membership]:
    return Membership.objects.visible_to(user, "view").filter(organisation=org).select_related("user")


def history(org: Organisation, limit: int = 100) -> list[dict[str, Any]]:
    """Changes to an organisation, newest first: who, when, which fields from what to what."""
    records = list(org.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    entries = []
    for newer, older in zip(records, [*records[1:], None], strict=False):
        if len(entries) == limit:
            break
        changes = []
        if older is not None:
            delta = newer.diff_against(older)
            changes = [(c.field, c.old, c.new) for c in delta.changes]
        entries.append(
            {
                "date": newer.history_date,
                "user": newer.history_user,
                "type": newer.history_type,  # + created, ~ changed, - deleted
                "changes": changes,
            }
        )
    return entries


def own_bureau(user: Any) -> Organisation | None:
    """The bureau in which this user is staff (admin or officer; experts do not count), if any."""
    staff_org_ids = [seat.org_id for seat in staff_seats(principal_for(user).seats)]
    return Organisation.objects.filter(pk__in=staff_org_ids).order_by("pk").first()


def partners(*kinds: str) -> QuerySet[Organisation]:
    """Active partner institutions (banks, guarantors, verifiers) to choose as a pledgee, consent grantee or
    verifier. Their names and codes are directory facts every user may see, unlike enterprises' data."""
    allowed = {OrgKind.BANK, OrgKind.GUARANTOR, OrgKind.VERIFIER}
    if not set(kinds) <= allowed:
        raise ValueError(f"not partner kinds: {kinds}")
    return Organisation.objects.filter(kind__in=kinds, status=Organisation.Status.ACTIVE).order_by("kind", "name_zh")
