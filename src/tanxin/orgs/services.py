"""Writes to the directory. Each function checks the gate, opens one transaction, and records the actor."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tanxin.common.errors import Conflict, DomainError, NotFound, PermissionDenied
from tanxin.orgs import access
from tanxin.orgs.domain.importing import ImportReport, validate_rows
from tanxin.orgs.domain.roles import CONSENT_GRANTEE_KINDS, OrgKind, role_allowed
from tanxin.orgs.gate import forget_principal, principal_for
from tanxin.orgs.models import (
    ApiToken,
    ConsentGrant,
    Industry,
    Invitation,
    Jurisdiction,
    Membership,
    Organisation,
    User,
)

# Fields an enterprise's own admin may edit; the rest of the profile is the bureau's to maintain.
SELF_EDITABLE_FIELDS = ("name_en", "address", "contact_name", "contact_phone", "contact_email", "size")
BUREAU_EDITABLE_FIELDS = (
    "kind", "uscc", "name_zh", "name_en", "jurisdiction", "industry", "enterprise_type", "size", "address",
    "contact_name", "contact_phone", "contact_email", "key_emitter", "ets", "status",
)  # fmt: skip
INVITATION_DAYS = 7
TOKEN_MAX_DAYS = 366


def editable_fields(user: Any, org: Organisation) -> tuple[str, ...]:
    """Which profile fields this user may change on this organisation (empty: none)."""
    principal = principal_for(user)
    if not Organisation.objects.visible_to(user, "change").filter(pk=org.pk).exists():
        return ()
    if access.is_staff_for(principal, org.jurisdiction_id):
        return BUREAU_EDITABLE_FIELDS
    return SELF_EDITABLE_FIELDS


def _require_staff(user: Any, jurisdiction: Jurisdiction) -> None:
    principal = principal_for(user)
    if not access.is_staff_for(principal, jurisdiction.pk):
        raise PermissionDenied(_("Only bureau staff of this jurisdiction may do this."))


def add_jurisdiction(user: Any, data: dict[str, Any]) -> Jurisdiction:
    """A bureau administrator adds a jurisdiction (e.g. a new sub-district); kept in the history."""
    principal = principal_for(user)
    if not principal.is_bureau_admin:
        raise PermissionDenied(_("Only bureau staff of this jurisdiction may do this."))
    jurisdiction = Jurisdiction(**{k: data[k] for k in ("code", "name_zh", "name_en", "level", "parent") if k in data})
    jurisdiction._history_user = user
    jurisdiction.save()
    return jurisdiction


def _full_clean(org: Organisation) -> None:
    try:
        org.full_clean()
    except ValidationError as exc:
        raise DomainError(
            _("Please correct the errors below."), code="validation_error", details=exc.message_dict
        ) from exc


@transaction.atomic
def create_organisation(user: Any, data: dict[str, Any]) -> Organisation:
    org = Organisation(**{k: v for k, v in data.items() if k in BUREAU_EDITABLE_FIELDS})
    if org.jurisdiction_id is None:
        raise DomainError(
            _("A jurisdiction is required."),
            code="validation_error",
            details={"jurisdiction": [_("This field is required.")]},
        )
    _require_staff(user, org.jurisdiction)
    _full_clean(org)
    org._history_user = user
    try:
        org.save()
    except IntegrityError as exc:  # a concurrent insert of the same credit code
        raise Conflict(_("An organisation with this credit code already exists.")) from exc
    return org


@transaction.atomic
def update_organisation(user: Any, org_id: int, data: dict[str, Any]) -> Organisation:
    org = Organisation.objects.visible_to(user, "view").filter(pk=org_id).first()
    if org is None:
        raise NotFound(_("Organisation not found."))
    allowed = editable_fields(user, org)
    if not allowed:
        raise PermissionDenied(_("You may not edit this organisation."))
    refused = sorted(set(data) - set(allowed))
    if refused:
        raise PermissionDenied(
            _("You may not change these fields: %(fields)s.") % {"fields": ", ".join(refused)},
            details={"fields": refused},
        )
    if "jurisdiction" in data:
        _require_staff(user, data["jurisdiction"])
    for key, value in data.items():
        setattr(org, key, value)
    _full_clean(org)
    org._history_user = user
    org.save()
    return org


def import_enterprises(user: Any, raw_rows: list[dict[str, object]]) -> tuple[ImportReport, int]:
    """Validate every row; save all of them in one transaction, or none. Returns (report, created)."""
    principal = principal_for(user)
    if not principal.is_bureau_staff:
        raise PermissionDenied(_("Only bureau staff may import enterprises."))
    jurisdictions = {
        j.code: j for j in Jurisdiction.objects.all() if access.is_staff_for(principal, j.pk)
    }
    industries = {i.code: i for i in Industry.objects.all()}
    report = validate_rows(
        raw_rows,
        known_industries=set(industries),
        known_jurisdictions=set(jurisdictions),
        existing_usccs=set(Organisation.objects.values_list("uscc", flat=True)),
    )
    if not report.ok:
        return report, 0
    try:
        with transaction.atomic():
            for row in report.rows:
                _save_imported(user, row, industries, jurisdictions)
    except IntegrityError as exc:  # a concurrent insert of one of these credit codes: the whole file is undone
        raise Conflict(_("An organisation with this credit code already exists.")) from exc
    return report, len(report.rows)


def _save_imported(user: Any, row: dict[str, Any], industries: dict, jurisdictions: dict) -> None:
    org = Organisation(
        kind=OrgKind.ENTERPRISE,
        uscc=row["uscc"], name_zh=row["name_zh"], name_en=row["name_en"],
        industry=industries[row["industry_code"]], enterprise_type=row["enterprise_type"],
        size=row["size"], jurisdiction=jurisdictions[row["jurisdiction_code"]],
        address=row["address"], contact_name=row["contact_name"], contact_phone=row["contact_phone"],
        contact_email=row["contact_email"], key_emitter=row["key_emitter"], ets=row["ets"],
    )  # fmt: skip
    org._history_user = user
    org.save()


def _token_hash(token: str) -> str:
    # Tokens carry 256 bits of randomness, so a plain SHA-256 is enough (no slow hash needed).
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invite_member(user: Any, org_id: int, email: str, role: str) -> tuple[Invitation, str]:
    """Create an invitation; returns it and the clear token for the link (shown to the inviter once)."""
    org = Organisation.objects.visible_to(user, "manage").filter(pk=org_id).first()
    if org is None:
        raise PermissionDenied(_("You may not manage the people of this organisation."))
    if not role_allowed(org.kind, role):
        raise DomainError(
            _("This role does not exist for this kind of organisation."),
            code="invalid_role",
            details={"role": [_("Choose a valid role.")]},
        )
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=org, email=email, role=role, token_hash=_token_hash(token), invited_by=user,
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )  # fmt: skip
    from tanxin.orgs.tasks import send_invitation

    transaction.on_commit(lambda: send_invitation.enqueue(invitation.pk, token))
    return invitation, token


def find_invitation(token: str) -> Invitation:
    invitation = Invitation.objects.filter(token_hash=_token_hash(token)).select_related("organisation").first()
    if invitation is None or invitation.accepted_at is not None or invitation.expires_at <= timezone.now():
        raise NotFound(_("This invitation is invalid, already used or expired."))
    return invitation


@transaction.atomic
def accept_invitation(token: str, username: str, password: str, display_name: str = "") -> User:
    invitation = find_invitation(token)
    if User.objects.filter(username=username).exists():
        raise DomainError(
            _("This user name is taken."),
            code="validation_error",
            details={"username": [_("This user name is taken.")]},
        )
    new_user = User(username=username, email=invitation.email, display_name=display_name)
    try:
        validate_password(password, new_user)
    except ValidationError as exc:
        raise DomainError(
            _("Please choose a stronger password."), code="validation_error", details={"password": list(exc.messages)}
        ) from exc
    new_user.set_password(password)
    new_user.save()
    Membership.objects.create(user=new_user, organisation=invitation.organisation, role=invitation.role)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = new_user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return new_user


@transaction.atomic
def set_member_role(user: Any, membership_id: int, role: str) -> Membership:
    membership = Membership.objects.visible_to(user, "manage").select_related("organisation").filter(
        pk=membership_id).first()  # fmt: skip
    if membership is None:
        raise PermissionDenied(_("You may not manage this membership."))
    if not role_allowed(membership.organisation.kind, role):
        raise DomainError(_("This role does not exist for this kind of organisation."), code="invalid_role")
    if membership.user_id == user.pk and role != membership.role:
        raise DomainError(_("You cannot change your own role."), code="own_role")
    membership.role = role
    membership._history_user = user
    membership.save(update_fields=["role"])
    forget_principal(membership.user)
    return membership


@transaction.atomic
def grant_consent(user: Any, enterprise_id: int, grantee_id: int, purpose: str, expires_at=None) -> ConsentGrant:
    enterprise = Organisation.objects.visible_to(user, "manage").filter(
        pk=enterprise_id, kind=OrgKind.ENTERPRISE).first()  # fmt: skip
    if enterprise is None or enterprise.pk not in principal_for(user).admin_org_ids():
        raise PermissionDenied(_("Only the enterprise's administrator may grant consent."))
    grantee = Organisation.objects.filter(pk=grantee_id, kind__in=[k.value for k in CONSENT_GRANTEE_KINDS]).first()
    if grantee is None:
        raise DomainError(_("Consent can only be given to a bank or a guarantor."), code="invalid_grantee")
    if expires_at is not None and expires_at <= timezone.now():
        raise DomainError(_("The expiry must be in the future."), code="validation_error")
    consent = ConsentGrant(enterprise=enterprise, grantee=grantee, purpose=purpose, granted_by=user,
                           expires_at=expires_at)  # fmt: skip
    consent._history_user = user
    consent.save()
    return consent


@transaction.atomic
def revoke_consent(user: Any, consent_id: int) -> ConsentGrant:
    consent = ConsentGrant.objects.visible_to(user, "manage").filter(pk=consent_id).first()
    if consent is None:
        raise PermissionDenied(_("Only the enterprise's administrator may revoke consent."))
    if consent.revoked_at is None:
        consent.revoked_at = timezone.now()
        consent._history_user = user
        consent.save(update_fields=["revoked_at"])
    return consent


def create_token(user: Any, name: str, scope: str, days: int) -> tuple[ApiToken, str]:
    """A new personal token; the clear value is returned once and never stored."""
    if not (1 <= days <= TOKEN_MAX_DAYS):
        raise DomainError(
            _("A token lives between 1 and %(max)d days.") % {"max": TOKEN_MAX_DAYS},
            code="validation_error",
            details={"days": [_("Out of range.")]},
        )
    if scope not in ApiToken.Scope.values:
        raise DomainError(_("Unknown scope."), code="validation_error", details={"scope": [_("Unknown scope.")]})
    if not name.strip() or len(name) > 100:
        raise DomainError(
            _("Give the token a name of at most 100 characters."),
            code="validation_error",
            details={"name": [_("Give the token a name of at most 100 characters.")]},
        )
    prefix = secrets.token_hex(4)
    token = f"tx_{prefix}_{secrets.token_urlsafe(32)}"
    record = ApiToken.objects.create(
        user=user, name=name.strip(), prefix=prefix, token_hash=_token_hash(token), scope=scope,
        expires_at=timezone.now() + timedelta(days=days),
    )  # fmt: skip
    return record, token


def revoke_token(user: Any, token_id: int) -> ApiToken:
    record = ApiToken.objects.visible_to(user).filter(pk=token_id).first()
    if record is None:
        raise NotFound(_("Token not found."))
    if record.revoked_at is None:
        record.revoked_at = timezone.now()
        record.save(update_fields=["revoked_at"])
    return record


def authenticate_token(token: str) -> ApiToken | None:
    """The active token matching ``token``, or None; records when it was last used."""
    if not token.startswith("tx_"):
        return None
    record = ApiToken.objects.select_related("user").filter(token_hash=_token_hash(token)).first()
    if record is None or not record.is_active() or not record.user.is_active:
        return None
    now = timezone.now()
    # Write last_used_at at most once a minute: a bank system polling hard should not turn reads into writes.
    if record.last_used_at is None or now - record.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
    return record
