"""Directory API: me, organisations, jurisdictions, industries, members, consents, tokens."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from tanxin.common.errors import DomainError, NotFound, PermissionDenied
from tanxin.orgs import queries, services
from tanxin.orgs.api_notifications import router as notifications_router
from tanxin.orgs.auth import PERSON_ONLY
from tanxin.orgs.gate import principal_for
from tanxin.orgs.models import ApiToken, ConsentGrant, Industry, Jurisdiction, Organisation
from tanxin.web.api_contract import Id, PageQuery, SyncQuery, changed_since, page_answer, page_of, paginate

router = Router(tags=["directory"])
WRITE_TOKEN_ROLES = {"admin", "officer"}


class SeatOut(Schema):
    organisation_id: int
    organisation: str
    kind: str
    role: str


class MeOut(Schema):
    id: int
    username: str
    display_name: str
    is_bureau_staff: bool
    memberships: list[SeatOut]


class OrganisationOut(Schema):
    id: int
    kind: str
    uscc: str
    name_zh: str
    name_en: str
    jurisdiction: str = Field(..., alias="jurisdiction.code")
    industry: str | None = None
    enterprise_type: str
    size: str
    address: str
    contact_name: str
    contact_phone: str
    contact_email: str
    key_emitter: bool
    ets: str
    status: str
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_industry(obj: Organisation) -> str | None:
        return obj.industry.code if obj.industry_id else None


OrganisationPage = page_of(OrganisationOut)


class DirectoryQuery(SyncQuery):
    q: str = ""
    kind: str = ""
    jurisdiction: str = ""
    industry: str = ""
    enterprise_type: str = ""
    size: str = ""
    ets: str = ""
    status: str = ""
    key_emitter: bool | None = None
    sort: str = "name"


class OrganisationIn(Schema):
    kind: str = "enterprise"
    uscc: str = Field(..., max_length=18)
    name_zh: str = Field(..., max_length=200)
    name_en: str = Field("", max_length=200)
    jurisdiction: str = Field(..., description="division code", max_length=12)
    industry: str | None = Field(None, description="GB/T 4754 code", max_length=8)
    enterprise_type: str = ""
    size: str = ""
    address: str = Field("", max_length=300)
    contact_name: str = Field("", max_length=100)
    contact_phone: str = Field("", max_length=40)
    contact_email: str = Field("", max_length=254)
    key_emitter: bool = False
    ets: str = "none"
    status: str = "active"


class OrganisationPatch(Schema):
    uscc: str | None = Field(None, max_length=18)
    name_zh: str | None = Field(None, max_length=200)
    name_en: str | None = Field(None, max_length=200)
    jurisdiction: str | None = Field(None, max_length=12)
    industry: str | None = Field(None, max_length=8)
    enterprise_type: str | None = None
    size: str | None = None
    address: str | None = Field(None, max_length=300)
    contact_name: str | None = Field(None, max_length=100)
    contact_phone: str | None = Field(None, max_length=40)
    contact_email: str | None = Field(None, max_length=254)
    key_emitter: bool | None = None
    ets: str | None = None
    status: str | None = None


class OrganisationHistoryOut(Schema):
    date: datetime
    user: str | None
    type: str
    changes: list[tuple[str, str | None, str | None]]


class CodeName(Schema):
    code: str
    name_zh: str
    name_en: str
    parent: str | None = None


class MemberOut(Schema):
    id: int
    username: str
    display_name: str
    role: str


class ConsentIn(Schema):
    enterprise_id: Id
    grantee_id: Id
    purpose: str = Field(..., min_length=1, max_length=200)
    expires_at: datetime | None = None


class ConsentOut(Schema):
    id: int
    enterprise_id: int
    grantee_id: int
    purpose: str
    granted_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None


class TokenIn(Schema):
    name: str = Field(..., max_length=100)
    scope: str = "read"
    days: int = Field(90, ge=1, le=3650)


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    scope: str
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreated(TokenOut):
    token: str = Field(..., description="shown once; store it now")


@router.get("/me", response=MeOut)
def me(request: HttpRequest):
    principal = principal_for(request.user)
    memberships = request.user.memberships.select_related("organisation").order_by("id")
    return {
        "id": request.user.pk,
        "username": request.user.username,
        "display_name": request.user.display_name,
        "is_bureau_staff": principal.is_bureau_staff,
        "memberships": [
            {"organisation_id": m.organisation_id, "organisation": m.organisation.name,
             "kind": m.organisation.kind, "role": m.role}
            for m in memberships
        ],
    }  # fmt: skip


@router.get("/organisations", response=OrganisationPage)
def list_organisations(request: HttpRequest, params: Query[DirectoryQuery]):
    """The directory you may see; ``updated_since`` returns only organisations changed since then."""
    qs = queries.directory(request.user, queries.DirectoryFilter.from_params(params.dict()))
    return paginate(changed_since(qs, params, "updated_at"), params)


def _get(request: HttpRequest, org_id: Id, action: str = "view") -> Organisation:
    org = queries.get_organisation(request.user, org_id, action)
    if org is None:
        raise NotFound(_("Organisation not found."))
    return org


@router.get("/organisations/{org_id}", response=OrganisationOut)
def get_organisation(request: HttpRequest, org_id: Id):
    return _get(request, org_id)


def _resolve_refs(data: dict) -> dict:
    """Replace jurisdiction and industry codes with rows; unknown codes are field errors."""
    if data.get("jurisdiction") is not None:
        jurisdiction = Jurisdiction.objects.filter(code=data["jurisdiction"]).first()
        if jurisdiction is None:
            raise DomainError(
                _("Unknown jurisdiction code."),
                code="validation_error",
                details={"jurisdiction": [_("Unknown jurisdiction code.")]},
            )
        data["jurisdiction"] = jurisdiction
    if "industry" in data:
        code = (data["industry"] or "").upper()
        data["industry"] = Industry.objects.filter(code=code).first() if code else None
        if code and data["industry"] is None:
            raise DomainError(
                _("Unknown industry code."),
                code="validation_error",
                details={"industry": [_("Unknown industry code.")]},
            )
    return data


@router.post("/organisations", response={201: OrganisationOut})
def create_organisation(request: HttpRequest, payload: OrganisationIn):
    return Status(201, services.create_organisation(request.user, _resolve_refs(payload.dict())))


@router.patch("/organisations/{org_id}", response=OrganisationOut)
def update_organisation(request: HttpRequest, org_id: Id, payload: OrganisationPatch):
    data = _resolve_refs(payload.dict(exclude_unset=True))
    return services.update_organisation(request.user, org_id, data)


@router.get("/organisations/{org_id}/history", response=page_of(OrganisationHistoryOut))
def organisation_history(request: HttpRequest, org_id: Id, params: Query[PageQuery]):
    """Changes to the organisation, newest first (one entry per recorded change)."""
    org = _get(request, org_id)
    count = org.history.count()
    entries = queries.history(org, limit=params.offset + params.limit)[params.offset :] if params.offset < count else []
    items = [
        {"date": e["date"], "user": str(e["user"]) if e["user"] else None, "type": e["type"],
         "changes": [(f, None if o is None else str(o), None if n is None else str(n)) for f, o, n in e["changes"]]}
        for e in entries
    ]  # fmt: skip
    return page_answer(count, params, items)


@router.get("/organisations/{org_id}/members", response=page_of(MemberOut))
def organisation_members(request: HttpRequest, org_id: Id, params: Query[PageQuery]):
    org = _get(request, org_id)
    rows = queries.members(request.user, org).order_by("user__username", "pk")
    return paginate(rows, params, lambda m: {
        "id": m.pk, "username": m.user.username, "display_name": m.user.display_name, "role": m.role})


def _code_name(row: Jurisdiction | Industry) -> dict:
    return {"code": row.code, "name_zh": row.name_zh, "name_en": row.name_en,
            "parent": row.parent.code if row.parent else None}  # fmt: skip


@router.get("/jurisdictions", response=page_of(CodeName))
def list_jurisdictions(request: HttpRequest, params: Query[PageQuery]):
    return paginate(Jurisdiction.objects.select_related("parent").order_by("code"), params, _code_name)


@router.get("/industries", response=page_of(CodeName))
def list_industries(request: HttpRequest, params: Query[PageQuery]):
    return paginate(Industry.objects.select_related("parent").order_by("code"), params, _code_name)


class ConsentQuery(SyncQuery):
    updated_since: datetime | None = Field(
        None, description="only consents granted or revoked at or after this instant (ISO 8601), for incremental sync")


@router.get("/consents", response=page_of(ConsentOut))
def list_consents(request: HttpRequest, params: Query[ConsentQuery]):
    """Consents you may see, newest first; ``updated_since`` keeps those granted or revoked since then."""
    rows = ConsentGrant.objects.visible_to(request.user).order_by("-granted_at", "-pk")
    return paginate(changed_since(rows, params, "granted_at", "revoked_at"), params)


@router.post("/consents", response={201: ConsentOut})
def grant_consent(request: HttpRequest, payload: ConsentIn):
    consent = services.grant_consent(
        request.user, payload.enterprise_id, payload.grantee_id, payload.purpose, payload.expires_at
    )
    return Status(201, consent)


@router.post("/consents/{consent_id}/revoke", response=ConsentOut)
def revoke_consent(request: HttpRequest, consent_id: Id):
    return services.revoke_consent(request.user, consent_id)


@router.get("/tokens", response=page_of(TokenOut))
def list_tokens(request: HttpRequest, params: Query[PageQuery]):
    return paginate(ApiToken.objects.visible_to(request.user).order_by("-created_at", "-pk"), params)


@router.post("/tokens", response={201: TokenCreated}, auth=PERSON_ONLY)
def create_token(request: HttpRequest, payload: TokenIn):
    """Create a personal token for yourself: from a signed-in session or with your user name and password (HTTP
    Basic), never with another token; and only
    with a seat (a member of an organisation, or bureau staff); a write token needs an admin or officer seat."""
    if not request.user.is_authenticated:
        raise PermissionDenied(_("Sign in to create a token."))
    roles = set(request.user.memberships.values_list("role", flat=True))
    if not roles and not request.user.is_superuser:
        raise PermissionDenied(_("Only members of an organisation may create API tokens."), code="token_forbidden")
    if payload.scope == "write" and not (roles & WRITE_TOKEN_ROLES or request.user.is_superuser):
        raise PermissionDenied(_("Only administrators and officers may create write tokens."),
                               code="token_forbidden")  # fmt: skip
    record, token = services.create_token(request.user, payload.name, payload.scope, payload.days)
    record.token = token
    return Status(201, record)


@router.delete("/tokens/{token_id}", response=TokenOut)
def revoke_token(request: HttpRequest, token_id: Id):
    return services.revoke_token(request.user, token_id)


# The inbox (orgs.notifications) answers at /api/v1/notifications.
router.add_router("", notifications_router)
