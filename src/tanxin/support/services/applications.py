"""Applications: eligibility, self-declared items and evidence, preview, submit, withdraw, formal check."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tanxin.common.errors import Conflict, NotFound, PermissionDenied, field_error
from tanxin.common.files import CONTENT_TYPES, file_kind
from tanxin.orgs.domain.roles import OrgKind
from tanxin.orgs.gate import principal_for
from tanxin.orgs.models import Organisation
from tanxin.support import inputs as facts_adapter
from tanxin.support import mapping
from tanxin.support.domain import (
    EligibilityResult,
    EnterpriseType,
    ScoreBreakdown,
    SelfDeclaration,
    compute_total,
    evaluate_eligibility,
    validate_declaration,
    verify_declaration,
)
from tanxin.support.domain.scheme import ensure_in_window
from tanxin.support.domain.workflow import ApplicationStatus, Guard, Role
from tanxin.support.errors import fail, translated
from tanxin.support.models import Application, Declaration, EvidenceFile, Scheme
from tanxin.support.services._common import (
    allow,
    application_for,
    bureau_role,
    domain_declarations,
    lock_scheme,
    move_application,
    now_or,
)
from tanxin.support.services.results import recompute
from tanxin.web.storage import store_once

A = ApplicationStatus
EDITABLE = (A.DRAFT, A.RETURNED)


def evidence_max_bytes() -> int:
    return settings.TANXIN_EVIDENCE_MAX_BYTES


def eligibility_facts(scheme: Scheme, enterprise: Organisation, snapshot: dict | None = None) -> dict[str, Any]:
    """Facts the eligibility rules may name: the directory's, plus platform facts of the scheme's year."""
    snapshot = snapshot or facts_adapter.collect(enterprise.pk, scheme.facts_year)
    in_district = enterprise.jurisdiction_id in scheme.jurisdiction.with_descendants()
    return {
        "enterprise_type": enterprise.enterprise_type or None,
        "industry": enterprise.industry.code if enterprise.industry_id else None,
        "industry_section": enterprise.industry.code[:1] if enterprise.industry_id else None,
        "size": enterprise.size or None,
        "ets": enterprise.ets,
        "key_emitter": enterprise.key_emitter,
        "registered_in_district": in_district,
        "active": enterprise.status == "active",
        **snapshot["values"],
    }


def eligibility(scheme: Scheme, enterprise: Organisation) -> EligibilityResult:
    return evaluate_eligibility(mapping.eligibility_rules(scheme), eligibility_facts(scheme, enterprise))


def _acts_for(user: Any, enterprise_id: int) -> bool:
    """The enterprise's own people; or the platform administrator entering a paper application for it."""
    principal = principal_for(user)
    return enterprise_id in principal.org_ids_of_kind(OrgKind.ENTERPRISE) or principal.is_superuser


def _own_enterprise(user: Any, enterprise_id: int | None) -> Organisation:
    ids = principal_for(user).org_ids_of_kind(OrgKind.ENTERPRISE)
    if enterprise_id is None and len(ids) == 1:
        enterprise_id = next(iter(ids))
    if enterprise_id is None or not _acts_for(user, enterprise_id):
        raise PermissionDenied(_("Only the enterprise's own people may apply for it."))
    return Organisation.objects.select_related("industry", "jurisdiction").get(pk=enterprise_id)


@transaction.atomic
def start_application(
    user: Any, scheme_id: int, enterprise_id: int | None = None, at: datetime | None = None, **data: Any
) -> Application:
    enterprise = _own_enterprise(user, enterprise_id)
    scheme = Scheme.objects.published().filter(pk=scheme_id).first()
    if scheme is None:
        raise NotFound(_("Scheme not found."))
    scheme = lock_scheme(scheme.pk)
    allow(scheme, "submit_application")
    with translated():
        ensure_in_window(mapping.scheme_config(scheme), now_or(at))
    result = eligibility(scheme, enterprise)
    if not result.eligible:
        raise fail("not_eligible", reasons=[r.__dict__ for r in result.reasons])
    app = Application(
        scheme=scheme,
        enterprise=enterprise,
        enterprise_type=enterprise.enterprise_type,
        industry_code=enterprise.industry.code if enterprise.industry_id else "",
        created_by=user,
        requested_fen=data.get("requested_fen"),
        project_summary=data.get("project_summary", ""),
    )
    app._history_user = user
    try:
        with transaction.atomic():
            app.save()
    except IntegrityError as exc:
        raise Conflict(_("This enterprise has already applied to this scheme.")) from exc
    return app


def can_edit(user: Any, app: Application) -> bool:
    """The rule ``_editable_app`` enforces, as a yes/no for pages and the API (one rule, two spellings)."""
    return _acts_for(user, app.enterprise_id) and app.status in EDITABLE


def _editable_app(user: Any, app_id: int) -> Application:
    app = application_for(user, app_id, "change")
    if not _acts_for(user, app.enterprise_id):
        raise PermissionDenied(_("Only the enterprise's own people may edit its application."))
    if app.status not in EDITABLE:
        raise fail("invalid_transition", source=app.status, action="edit_application")
    return app


@transaction.atomic
def update_application(user: Any, app_id: int, data: dict[str, Any]) -> Application:
    app = _editable_app(user, app_id)
    requested = data.get("requested_fen", app.requested_fen)
    if requested is not None and (requested <= 0 or requested > app.scheme.cap_fen):
        raise fail("over_cap", field="requested_fen", amount_fen=requested, cap_fen=app.scheme.cap_fen)
    app.requested_fen = requested
    app.project_summary = data.get("project_summary", app.project_summary)
    app._history_user = user
    app.save()
    return app


def _item(app: Application, code: str):
    tree = mapping.criteria_tree(app.scheme)
    items = {i.code: i for i in tree.applicable(EnterpriseType(app.enterprise_type), app.industry_code or None)}
    if code not in items:
        raise fail("not_applicable", field="item_code", item=code)
    return items[code]


@transaction.atomic
def save_declaration(
    user: Any, app_id: int, item_code: str, declared_points: Decimal, statement: str = ""
) -> Declaration:
    app = _editable_app(user, app_id)
    item = _item(app, item_code)
    decl = SelfDeclaration(item_code, Decimal(declared_points), evidence_refs=("pending",))
    with translated("declared_points"):
        validate_declaration(item, decl)  # range and method; evidence is checked on submission
    row, _created = Declaration.objects.get_or_create(
        application=app, item_code=item_code, defaults={"declared_points": declared_points}
    )
    row.declared_points = declared_points
    row.statement = statement
    row._history_user = user
    row.save()
    return row


@transaction.atomic
def declare_with_evidence(user: Any, app_id: int, item_code: str, declared_points: Decimal, statement: str = "",
                          name: str = "", content: bytes | None = None) -> Declaration:  # fmt: skip
    """A declaration and its evidence file together, or neither: the file is checked before anything is
    written, and both rows share this transaction (a refused file leaves no declaration behind)."""
    if content is not None:
        evidence_content_type(content)
    row = save_declaration(user, app_id, item_code, declared_points, statement)
    if content is not None:
        add_evidence(user, app_id, item_code, name, content)
    return row


def evidence_content_type(content: bytes) -> str:
    """The stored content type of an acceptable evidence file; refuses a file too large, empty or of a wrong kind."""
    if len(content) > evidence_max_bytes():
        raise field_error(
            "file",
            _("The file is too large (at most %(mb)d MB).") % {"mb": evidence_max_bytes() // (1024 * 1024)},
            code="too_large",
        )
    if not content:
        raise field_error("file", _("The file is empty."))
    kind = file_kind(content)  # the browser's content type is never trusted; docx/xlsx are zip archives
    if kind is None:
        raise field_error("file", _("Only PDF, PNG, JPEG or Office (docx/xlsx) files are accepted."), code="file_type")
    return CONTENT_TYPES[kind]


@transaction.atomic
def add_evidence(user: Any, app_id: int, item_code: str, name: str, content: bytes) -> EvidenceFile:
    """Store a file once per content (SHA-256 names the blob) and link it to the item."""
    app = _editable_app(user, app_id)
    _item(app, item_code)
    content_type = evidence_content_type(content)
    digest, blob = store_once("support/evidence", content)
    row = EvidenceFile(
        application=app,
        item_code=item_code,
        sha256=digest,
        name=name[:200],
        size=len(content),
        content_type=content_type,
        blob=blob,
        uploaded_by=user,
    )
    row._history_user = user
    row.save()
    return row


def preview(app: Application) -> tuple[ScoreBreakdown, dict[str, Any]]:
    """What the enterprise would score from platform facts today (live facts, nothing saved)."""
    snapshot = app.facts if app.facts else facts_adapter.collect(app.enterprise_id, app.scheme.facts_year)
    config = mapping.scheme_config(app.scheme)
    # Declarations count as declared here (the bureau verifies later): the enterprise sees its ceiling.
    decls = {
        k: SelfDeclaration(k, v.declared_points, v.evidence_refs, v.declared_points)
        for k, v in domain_declarations(app).items()
    }
    with translated():
        breakdown = compute_total(
            str(app.pk),
            config.criteria,
            EnterpriseType(app.enterprise_type),
            app.industry_code or None,
            facts_adapter.to_domain(app.enterprise_id, snapshot),
            decls,
            [],
            auto_cfg=config.auto_scoring,
            spread_threshold=config.spread_threshold,
        )
    return breakdown, snapshot


@transaction.atomic
def submit(user: Any, app_id: int, at: datetime | None = None) -> Application:
    app = _editable_app(user, app_id)
    scheme = lock_scheme(app.scheme_id)
    allow(scheme, "submit_application")
    config = mapping.scheme_config(scheme)
    with translated():
        ensure_in_window(config, now_or(at))
    snapshot = facts_adapter.collect(app.enterprise_id, scheme.facts_year)
    result = evaluate_eligibility(config.eligibility, eligibility_facts(scheme, app.enterprise, snapshot))
    if not result.eligible:
        raise fail("not_eligible", reasons=[r.__dict__ for r in result.reasons])
    for code, decl in domain_declarations(app).items():
        with translated():
            validate_declaration(_item(app, code), decl)
    app.facts = snapshot
    app.submitted_at = now_or(at)
    move_application(user, app, A.SUBMITTED, Role.ENTERPRISE, guards=frozenset({Guard.IN_WINDOW}), at=at)
    return app


@transaction.atomic
def withdraw(user: Any, app_id: int, reason: str = "", at: datetime | None = None) -> Application:
    app = application_for(user, app_id, "change")
    if not _acts_for(user, app.enterprise_id):
        raise PermissionDenied(_("Only the enterprise's own people may withdraw its application."))
    scheme = lock_scheme(app.scheme_id)
    guards: frozenset[Guard] = frozenset()
    if app.status != A.DRAFT:
        allow(scheme, "withdraw_application")
        with translated():
            ensure_in_window(mapping.scheme_config(scheme), now_or(at))
        guards = frozenset({Guard.IN_WINDOW})
    move_application(user, app, A.WITHDRAWN, Role.ENTERPRISE, reason=reason, guards=guards, at=at)
    return app


CHECK_OUTCOMES = {"complete": A.COMPLETE, "returned": A.RETURNED, "ineligible": A.INELIGIBLE}


@transaction.atomic
def formal_check(user: Any, app_id: int, outcome: str, reason: str = "", at: datetime | None = None) -> Application:
    app = application_for(user, app_id, "manage")
    if outcome not in CHECK_OUTCOMES:
        raise field_error("outcome", _("Choose complete, returned or ineligible."))
    scheme = lock_scheme(app.scheme_id)
    role = bureau_role(user, scheme)
    allow(scheme, "formal_check")
    app.check_reason = reason
    move_application(user, app, CHECK_OUTCOMES[outcome], role, reason=reason, at=at)
    return app


@transaction.atomic
def verify(user: Any, declaration_id: int, points: Decimal, note: str = "", at: datetime | None = None) -> Declaration:
    row = Declaration.objects.visible_to(user, "manage").filter(pk=declaration_id).first()
    if row is None:
        raise NotFound(_("Declaration not found."))
    app = application_for(user, row.application_id, "manage")
    scheme = lock_scheme(app.scheme_id)
    bureau_role(user, scheme)
    allow(scheme, "verify_declaration")
    decl = domain_declarations(app)[row.item_code]
    with translated("verified_points"):
        done = verify_declaration(_item(app, row.item_code), decl, Decimal(points), user.username, now_or(at), note)
    if app.status not in (A.COMPLETE, A.UNDER_REVIEW, A.SCORED):
        raise fail("invalid_transition", source=app.status, action="verify_declaration")
    row.verified_points, row.verified_by, row.verified_at, row.note = done.verified_points, user, done.verified_at, note
    row._history_user = user
    row.save()
    recompute(app)
    return row
