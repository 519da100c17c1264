"""Scores, ranking, awards, approval, publicity with objections, final result and disbursement."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tanxin.common import idempotency as idem
from tanxin.common.errors import NotFound, PermissionDenied
from tanxin.support import inputs as facts_adapter
from tanxin.support import mapping
from tanxin.support.domain import (
    AllocationDraft,
    EnterpriseType,
    RankInput,
    ScoreBreakdown,
    adjust_award,
    allocate,
    compute_total,
    ensure_can_finalise,
    ensure_criteria_unchanged,
    ensure_disbursement_allowed,
    ensure_objection_in_period,
    ensure_within_limits,
    publicity_period,
    rank_applications,
)
from tanxin.support.domain import Award as DomainAward
from tanxin.support.domain import Disbursement as DomainDisbursement
from tanxin.support.domain import ExpertSheet as DomainSheet
from tanxin.support.domain import (
    Objection as DomainObjection,
)
from tanxin.support.domain import (
    ScoreAdjustment as DomainAdjustment,
)
from tanxin.support.domain.workflow import ApplicationStatus, Guard, Role, SchemeStatus
from tanxin.support.errors import fail, translated
from tanxin.support.models import (
    Application,
    Award,
    AwardAdjustment,
    Disbursement,
    Objection,
    Scheme,
    ScoreAdjustment,
    ScoreLine,
)
from tanxin.support.services._common import (
    allow,
    application_for,
    bureau_role,
    domain_declarations,
    lock_scheme,
    move_application,
    move_scheme,
    now_or,
    scheme_for,
)
from tanxin.web import unit_of_work

A, S = ApplicationStatus, SchemeStatus


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (Decimal, datetime, date)):
        return value.isoformat() if not isinstance(value, Decimal) else str(value)
    return value


def breakdown(app: Application) -> ScoreBreakdown:
    scheme = app.scheme
    config = mapping.scheme_config(scheme)
    if scheme.criteria_fingerprint:
        with translated():
            ensure_criteria_unchanged(scheme.criteria_fingerprint, config.criteria)
    sheets = [
        DomainSheet(
            str(app.pk), str(s.expert_id), {x.item_code: Decimal(x.points) for x in s.scores.all()}, s.submitted_at
        )
        for s in app.sheets.prefetch_related("scores")
    ]
    adjustments = [
        DomainAdjustment(a.item_code, Decimal(a.new_points), a.actor.username, a.at, a.reason)
        for a in app.score_adjustments.select_related("actor")
    ]
    with translated():
        return compute_total(
            str(app.pk),
            config.criteria,
            EnterpriseType(app.enterprise_type),
            app.industry_code or None,
            facts_adapter.to_domain(app.enterprise_id, app.facts or {}),
            domain_declarations(app),
            sheets,
            auto_cfg=config.auto_scoring,
            spread_threshold=config.spread_threshold,
            adjustments=adjustments,
        )


def recompute(app: Application) -> ScoreBreakdown:
    """Rebuild the stored score lines and totals of one application from its inputs (never by hand)."""
    result = breakdown(app)
    at = timezone.now()
    app.score_lines.all().delete()
    lines = [
        ScoreLine(
            application=app,
            item_code=ln.item_code,
            kind=ln.provenance.kind.value,
            points=ln.points,
            provenance=_jsonable(asdict(ln.provenance)),
            computed_at=at,
        )
        for ln in result.lines
    ]
    agg = result.expert
    if agg.sheet_count:
        provenance = {
            "method": agg.method,
            "sheet_count": agg.sheet_count,
            "spread": agg.spread,
            "spread_flagged": agg.spread_flagged,
            "contributions": [asdict(c) for c in agg.contributions],
        }
        lines.append(
            ScoreLine(
                application=app,
                item_code="EXPERT",
                kind="expert",
                points=agg.score,
                computed_at=at,
                provenance=_jsonable(provenance),
            )
        )
    ScoreLine.objects.bulk_create(lines)
    app.automatic, app.self_declared, app.total = result.automatic, result.self_declared, result.total
    app.expert = agg.score
    app.expert_method, app.expert_spread, app.spread_flagged = agg.method, agg.spread, agg.spread_flagged
    app.save(
        update_fields=[
            "automatic",
            "self_declared",
            "expert",
            "expert_method",
            "expert_spread",
            "spread_flagged",
            "total",
        ]
    )
    return result


@transaction.atomic
def adjust_score(
    user: Any, app_id: int, item_code: str, new_points: Decimal, reason: str, at: datetime | None = None
) -> ScoreAdjustment:
    app = application_for(user, app_id, "manage")
    scheme = lock_scheme(app.scheme_id)
    bureau_role(user, scheme)
    allow(scheme, "adjust_score")
    if not reason.strip():
        raise fail("reason_required", field="reason")
    row = ScoreAdjustment(
        application=app, item_code=item_code, new_points=new_points, actor=user, at=now_or(at), reason=reason
    )
    row._history_user = user
    row.save()
    with translated("new_points"):
        recompute(app)  # refuses an out-of-range or inapplicable adjustment; the atomic block undoes the row
    return row


def _ranking(scheme: Scheme):
    apps = list(scheme.applications.filter(status=A.SCORED))
    entries = [
        RankInput(str(a.pk), Decimal(a.total), Decimal(a.expert or 0), Decimal(a.automatic), a.submitted_at)
        for a in apps
    ]
    return rank_applications(entries), {str(a.pk): a for a in apps}


@transaction.atomic
def build_result(user: Any, scheme_id: int, at: datetime | None = None) -> AllocationDraft:
    """Close the review: every reviewed application scored, ranked and given a draft award."""
    scheme = scheme_for(user, scheme_id, "manage", lock=True)
    role = bureau_role(user, scheme)
    reviewing = list(scheme.applications.filter(status=A.UNDER_REVIEW))
    unscored = [a.reference for a in reviewing if not a.sheets.exists()]
    if unscored:
        raise fail("no_expert_scores", applications=unscored)
    move_scheme(user, scheme, S.RESULT_DRAFT, role, at=at)
    system = Role.BUREAU_ADMIN if role is Role.BUREAU_ADMIN else Role.BUREAU_OFFICER
    for app in reviewing:
        recompute(app)
        move_application(user, app, A.SCORED, system, at=at)
    return _allocate(scheme)


def _allocate(scheme: Scheme) -> AllocationDraft:
    ranking, apps = _ranking(scheme)
    requested = {k: a.requested_fen for k, a in apps.items() if a.requested_fen}
    with translated():
        draft = allocate(ranking, mapping.allocation_rule(scheme), scheme.budget_fen, scheme.cap_fen, requested)
    Award.objects.filter(application__scheme=scheme).delete()
    for ranked, award in zip(ranking, draft.awards, strict=True):
        app = apps[award.application_id]
        app.rank, app.rank_decided_by = ranked.rank, ranked.decided_by
        app.save(update_fields=["rank", "rank_decided_by"])
        Award.objects.create(
            application=app,
            rank=award.rank,
            draft_fen=award.amount_fen,
            amount_fen=award.amount_fen,
            cap_fen=award.cap_fen,
            basis=award.basis,
            scaled=award.scaled,
            capped=award.capped,
        )
    return draft


def current_draft(scheme: Scheme) -> AllocationDraft:
    rows = Award.objects.filter(application__scheme=scheme).order_by("rank")
    return AllocationDraft(
        scheme.budget_fen,
        tuple(
            DomainAward(str(r.application_id), r.rank, r.amount_fen, r.cap_fen, r.basis, r.scaled, r.capped)
            for r in rows
        ),
    )


@transaction.atomic
def change_award(user: Any, app_id: int, new_fen: int, reason: str, at: datetime | None = None) -> Award:
    app = application_for(user, app_id, "manage")
    scheme = lock_scheme(app.scheme_id)  # the budget is shared: one adjustment at a time per scheme
    bureau_role(user, scheme)
    allow(scheme, "adjust_award")
    award = Award.objects.filter(application=app).first()
    if award is None:
        raise NotFound(_("This application has no award in the draft result."))
    field = "reason" if not reason.strip() else "amount_fen"
    with translated(field):
        adjust_award(current_draft(scheme), str(app.pk), new_fen, user.username, now_or(at), reason)
    AwardAdjustment.objects.create(
        award=award, old_fen=award.amount_fen, new_fen=new_fen, actor=user, at=now_or(at), reason=reason
    )
    award.amount_fen = new_fen
    award.basis = "adjusted"
    award._history_user = user
    award.save()
    return award


@transaction.atomic
def approve(user: Any, scheme_id: int, at: datetime | None = None) -> Scheme:
    scheme = scheme_for(user, scheme_id, "manage", lock=True)
    role = bureau_role(user, scheme)
    with translated():
        ensure_within_limits(current_draft(scheme))
    move_scheme(user, scheme, S.APPROVED, role, guards=frozenset({Guard.LIMITS_HOLD}), at=at)
    scheme.approved_by, scheme.approved_at = user, now_or(at)
    scheme.save(update_fields=["approved_by", "approved_at"])
    return scheme


@transaction.atomic
def send_back(user: Any, scheme_id: int, reason: str, at: datetime | None = None) -> Scheme:
    """Back to review (result draft) or back to the draft result (an objection upheld during publicity)."""
    scheme = scheme_for(user, scheme_id, "manage", lock=True)
    role = bureau_role(user, scheme)
    if scheme.status == S.PUBLICITY:
        move_scheme(user, scheme, S.RESULT_DRAFT, role, reason=reason, at=at)
        scheme.publicity_start = scheme.publicity_end = None
        scheme.save(update_fields=["publicity_start", "publicity_end"])
        return scheme
    move_scheme(user, scheme, S.REVIEWING, role, reason=reason, at=at)
    for app in scheme.applications.filter(status=A.SCORED):
        move_application(user, app, A.UNDER_REVIEW, role, reason=reason, at=at)
    Award.objects.filter(application__scheme=scheme).delete()
    return scheme


@transaction.atomic
def start_publicity(user: Any, scheme_id: int, start: date | None = None, at: datetime | None = None) -> Scheme:
    scheme = scheme_for(user, scheme_id, "manage", lock=True)
    role = bureau_role(user, scheme)
    period = publicity_period(start or timezone.localdate(), scheme.publicity_workdays)
    move_scheme(user, scheme, S.PUBLICITY, role, at=at)
    scheme.publicity_start, scheme.publicity_end = period.start, period.end
    scheme.save(update_fields=["publicity_start", "publicity_end"])
    return scheme


def _period(scheme: Scheme):
    return publicity_period(scheme.publicity_start, scheme.publicity_workdays)


@transaction.atomic
def file_objection(
    user: Any, scheme_id: int, text: str, application_id: int | None = None, today: date | None = None
) -> Objection:
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("Sign in to file an objection."))
    scheme = Scheme.objects.published().filter(pk=scheme_id).first()
    if scheme is None:
        raise NotFound(_("Scheme not found."))
    allow(scheme, "file_objection")
    today = today or timezone.localdate()
    with translated():
        ensure_objection_in_period(_period(scheme), today)
    if not text.strip():
        raise fail("reason_required", field="text")
    app = None
    if application_id is not None:
        app = scheme.applications.filter(pk=application_id, award__isnull=False).first()
        if app is None:
            raise NotFound(_("Application not found."))
    row = Objection(scheme=scheme, application=app, filed_by=user, filed_on=today, text=text)
    row._history_user = user
    row.save()
    return row


@transaction.atomic
def answer(user: Any, objection_id: int, text: str, at: datetime | None = None) -> Objection:
    row = Objection.objects.visible_to(user, "manage").filter(pk=objection_id).first()
    if row is None:
        raise NotFound(_("Objection not found."))
    scheme = lock_scheme(row.scheme_id)
    bureau_role(user, scheme)
    allow(scheme, "answer_objection")
    if not text.strip():
        raise fail("reason_required", field="answer")
    row.answer, row.answered_by, row.answered_at = text, user, now_or(at)
    row._history_user = user
    row.save()
    return row


@transaction.atomic
def finalise(user: Any, scheme_id: int, today: date | None = None, at: datetime | None = None) -> Scheme:
    scheme = scheme_for(user, scheme_id, "manage", lock=True)
    role = bureau_role(user, scheme)
    if scheme.status != S.PUBLICITY:
        raise fail("invalid_transition", source=scheme.status, target=S.FINAL.value)
    objections = [
        DomainObjection(str(o.pk), str(o.application_id or ""), str(o.filed_by_id), o.filed_on, o.text, o.answer)
        for o in scheme.objections.all()
    ]
    with translated():
        ensure_can_finalise(_period(scheme), today or timezone.localdate(), objections)
    move_scheme(user, scheme, S.FINAL, role, guards=frozenset({Guard.OBJECTIONS_ANSWERED}), at=at)
    for app in scheme.applications.filter(status=A.SCORED).select_related("award"):
        awarded = hasattr(app, "award") and app.award.amount_fen > 0
        move_application(user, app, A.AWARDED if awarded else A.NOT_AWARDED, role, at=at)
    return scheme


@dataclass(frozen=True)
class _PaymentReferences:
    """Idempotency for disbursements: the payment reference is the key, the recorded row its result.

    A retried recording of the same payment (same reference, amount and date) returns the first row;
    the same reference with a different amount or date is refused (409). The scheme row is locked before the
    reference is looked up, so a simultaneous twin waits for the first payment, then finds and replays it:
    the row itself is the claim.
    """

    application_id: int
    scheme_id: int

    def find(self, actor_id: int, key: str) -> idem.StoredRequest | None:
        lock_scheme(self.scheme_id)
        row = Disbursement.objects.filter(application_id=self.application_id, reference=key).first()
        if row is None:
            return None
        content = _payment(self.application_id, row.amount_fen, row.paid_on, row.reference)
        return idem.StoredRequest(key, idem.request_hash("disburse", content), {"disbursement_id": row.pk})

    def claim(self, actor_id: int, key: str, operation: str, digest: str, result: dict[str, Any]) -> bool:
        return True


def _payment(app_id: int, amount_fen: int, paid_on: date, reference: str) -> dict[str, Any]:
    return {"application": app_id, "amount_fen": amount_fen, "paid_on": paid_on.isoformat(), "reference": reference}


def disburse(user: Any, app_id: int, amount_fen: int, paid_on: date, reference: str) -> Disbursement:
    """Record a payment of the award, once: recording the same payment reference again replays it."""
    app = application_for(user, app_id, "manage")
    if not reference.strip():
        raise fail("reason_required", field="reference")

    def record() -> dict[str, Any]:
        return {"disbursement_id": _record_disbursement(user, app, amount_fen, paid_on, reference).pk}

    done = unit_of_work.run(user.pk, "disburse", _payment(app.pk, amount_fen, paid_on, reference), reference,
                            record, keys=_PaymentReferences(app.pk, app.scheme_id))  # fmt: skip
    return Disbursement.objects.get(pk=done["disbursement_id"])


def _record_disbursement(user: Any, app: Application, amount_fen: int, paid_on: date, reference: str) -> Disbursement:
    scheme = lock_scheme(app.scheme_id)
    bureau_role(user, scheme)
    award = Award.objects.filter(application=app).first()
    awarded = award.amount_fen if award and app.status == A.AWARDED else 0
    previous = [
        DomainDisbursement(str(app.pk), d.amount_fen, d.paid_on, d.reference, "") for d in app.disbursements.all()
    ]
    new = DomainDisbursement(str(app.pk), amount_fen, paid_on, reference, user.username)
    with translated("amount_fen"):
        ensure_disbursement_allowed(S(scheme.status), awarded, previous, new)
    row = Disbursement(application=app, amount_fen=amount_fen, paid_on=paid_on, reference=reference, recorded_by=user)
    row._history_user = user
    row.save()
    return row
