"""Allowance registry tables.

Append-only: ``Transaction``, ``Posting``, ``HoldMovement`` and ``JournalEntry`` rows are never updated
or deleted (database triggers refuse it, see migration 0002). ``Balance`` and ``Hold`` are projections
updated in the same database transaction as the postings; CHECK constraints keep them sane even if a
bug slipped past the domain rules.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tanxin.orgs.audit import AuditedModel
from tanxin.registry.gate import (
    AccountQuerySet,
    BureauOnlyQuerySet,
    HoldQuerySet,
    ObligationQuerySet,
    TransactionQuerySet,
    TransferRequestQuerySet,
)


class Instrument(models.Model):
    class Kind(models.TextChoices):
        SZA = "SZA", _("Shenzhen allowance")
        CEA = "CEA", _("National allowance")
        CCER = "CCER", _("CCER")
        PHCER = "PHCER", _("Carbon-inclusion credit")

    code = models.CharField(_("code"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices)
    vintage = models.PositiveSmallIntegerField(_("vintage"), null=True, blank=True)
    project = models.CharField(_("project"), max_length=40, blank=True)
    batch = models.CharField(_("batch"), max_length=30, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")

    def __str__(self) -> str:
        return self.code


class Account(AuditedModel):
    class Kind(models.TextChoices):
        HOLDING = "holding", _("Holding account")
        ISSUANCE = "issuance", _("Issuance account")
        MANAGEMENT = "management", _("Management account")
        SURRENDER = "surrender", _("Surrender account")
        CANCELLATION = "cancellation", _("Cancellation account")

    number = models.CharField(_("account number"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    owner = models.ForeignKey("orgs.Organisation", verbose_name=_("owner"), on_delete=models.PROTECT,
                              related_name="registry_accounts")  # fmt: skip
    jurisdiction = models.ForeignKey("orgs.Jurisdiction", on_delete=models.PROTECT, related_name="+")
    external_number = models.CharField(_("external account number"), max_length=60, blank=True, db_index=True)
    blocked = models.BooleanField(_("blocked"), default=False)
    blocked_reason = models.CharField(_("reason for block"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = AccountQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("registry account")
        verbose_name_plural = _("registry accounts")
        constraints = [
            # One holding account per organisation and jurisdiction ("one account per entity").
            models.UniqueConstraint(fields=["owner", "jurisdiction"], condition=Q(kind="holding"),
                                    name="registry_one_holding_account"),
            models.UniqueConstraint(fields=["jurisdiction", "kind"], condition=~Q(kind="holding"),
                                    name="registry_one_bureau_account_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.owner})"


class Balance(models.Model):
    """Projection: tonnes and held tonnes per account and instrument."""

    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="balances")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="+")
    quantity = models.BigIntegerField(default=0)
    held = models.BigIntegerField(default=0)
    # Only the issuance account runs negative (double entry for issuance, see domain/ledger.py).
    may_be_negative = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["account", "instrument"], name="registry_one_balance_row"),
            models.CheckConstraint(
                condition=Q(held__gte=0)
                & (Q(may_be_negative=True, held=0) | Q(quantity__gte=0, held__lte=models.F("quantity"))),
                name="registry_balance_held_within_quantity",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account_id}/{self.instrument_id}: {self.quantity} ({self.held} held)"

    @property
    def available(self) -> int:
        return self.quantity - self.held



class Transaction(models.Model):
    """One ledger transaction. Append-only."""

    class Kind(models.TextChoices):
        ISSUE = "issue", _("Issuance")
        ALLOCATE = "allocate", _("Allocation")
        CLAWBACK = "clawback", _("Claw-back")
        TRANSFER = "transfer", _("Transfer")
        SURRENDER = "surrender", _("Surrender")
        CANCEL = "cancel", _("Voluntary cancellation")
        HOLD = "hold", _("Hold placed")
        RELEASE = "release", _("Hold released")
        ENFORCE = "enforce", _("Hold enforced")
        REVERSAL = "reversal", _("Reversal")

    tx_id = models.CharField(max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    subtype = models.CharField(_("type"), max_length=30, blank=True)  # pre_allocation, true_up, ...
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")  # fmt: skip
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    compliance_year = models.PositiveSmallIntegerField(null=True, blank=True)
    reverses = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="reversed_by")  # fmt: skip
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = TransactionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("transaction")
        verbose_name_plural = _("transactions")

    def __str__(self) -> str:
        return f"{self.tx_id} {self.kind}"


class Posting(models.Model):
    tx = models.ForeignKey(Transaction, on_delete=models.PROTECT, related_name="postings")
    # No single-column index on account: the (account, instrument) index below serves it.
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="postings", db_index=False)
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="+")
    quantity = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["account", "instrument"])]
        constraints = [models.CheckConstraint(condition=~Q(quantity=0), name="registry_posting_nonzero")]

    def __str__(self) -> str:
        return f"{self.tx_id} {self.account_id} {self.quantity:+d}"



class Hold(AuditedModel):
    """An encumbrance (projection of its movements): pledge, judicial freeze or administrative hold."""

    class Kind(models.TextChoices):
        PLEDGE = "pledge", _("Pledge")
        JUDICIAL_FREEZE = "judicial_freeze", _("Judicial freeze")
        ADMIN_HOLD = "admin_hold", _("Administrative hold")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RELEASED = "released", _("Released")
        ENFORCED = "enforced", _("Enforced")

    ref = models.CharField(_("hold number"), max_length=40, unique=True)
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="holds")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    original_quantity = models.BigIntegerField(_("quantity placed"))
    quantity = models.BigIntegerField(_("quantity held"))
    enforced_quantity = models.BigIntegerField(_("quantity enforced"), default=0)
    pledgee = models.ForeignKey("orgs.Organisation", verbose_name=_("pledgee"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="pledges_received")  # fmt: skip
    references = models.JSONField(_("external references"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    placed_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = HoldQuerySet.as_manager()

    class Meta:
        ordering = ["-placed_at"]
        verbose_name = _("hold")
        verbose_name_plural = _("holds")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=0, quantity__lte=models.F("original_quantity")),
                                   name="registry_hold_quantity_in_range"),
        ]

    def __str__(self) -> str:
        return self.ref


class HoldMovement(models.Model):
    tx = models.ForeignKey(Transaction, on_delete=models.PROTECT, related_name="hold_movements")
    hold = models.ForeignKey(Hold, on_delete=models.PROTECT, related_name="movements")
    delta = models.BigIntegerField()

    def __str__(self) -> str:
        return f"{self.hold_id} {self.delta:+d}"



class JournalEntry(models.Model):
    """One link of the hash chain. ``payload`` is the canonical JSON text that was hashed, byte for byte."""

    seq = models.BigIntegerField(unique=True)
    kind = models.CharField(max_length=10)  # tx | anchor
    payload = models.TextField()
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    algorithm = models.CharField(max_length=8, default="sha256")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")

    def __str__(self) -> str:
        return f"#{self.seq} {self.kind} {self.hash[:12]}"



class JournalHead(models.Model):
    """A single row naming the chain's head; locking it serialises appends (the chain is one sequence)."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"head #{self.seq}"



class JournalStage(models.Model):
    """A journal record waiting for its place in the chain (PostgreSQL).

    The operation inserts it in its own transaction, so no committed transaction lacks its record;
    ``store.seal`` chains staged records into ``JournalEntry`` in batches and deletes them. The journal
    head is then locked once per batch by one sealer, never by a request.
    """

    kind = models.CharField(max_length=10)
    payload = models.TextField()  # canonical JSON, as it will be hashed
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"staged {self.kind} {self.pk}"



class DailyAnchor(models.Model):
    day = models.DateField(unique=True)
    seq = models.BigIntegerField()
    hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.day} #{self.seq}"



class IdempotencyKey(models.Model):
    # Served by the unique (actor, key) index; a second index would only slow every write down.
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False)
    key = models.CharField(max_length=200)
    operation = models.CharField(max_length=40)
    request_hash = models.CharField(max_length=64)
    result = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["actor", "key"], name="registry_idempotency_key_unique")]

    def __str__(self) -> str:
        return f"{self.actor_id}:{self.key}"



class Controls(AuditedModel):
    """Transfer controls of one jurisdiction (configuration, not law)."""

    jurisdiction = models.OneToOneField("orgs.Jurisdiction", on_delete=models.CASCADE, related_name="+")
    second_approval_above_t = models.BigIntegerField(_("second approver needed above (t)"), null=True, blank=True,
                                                     default=10000)  # fmt: skip
    require_trusted_counterparty = models.BooleanField(_("transfers only to trusted counterparties"), default=False)
    cooling_off_workdays = models.PositiveSmallIntegerField(_("cooling-off (working days)"), default=4)

    class Meta:
        verbose_name = _("transfer controls")
        verbose_name_plural = _("transfer controls")

    def __str__(self) -> str:
        return str(self.jurisdiction_id)



class TrustedCounterparty(models.Model):
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="trusted")
    counterparty = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    added_on = models.DateField(default=timezone.localdate)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "counterparty"], name="registry_trusted_once")]

    def __str__(self) -> str:
        return f"{self.account_id} → {self.counterparty_id}"



class TransferRequest(AuditedModel):
    """A transfer above the threshold, waiting for a second authorised person."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        EXECUTED = "executed", _("Executed")
        REJECTED = "rejected", _("Rejected")

    from_account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    to_account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="+")
    quantity = models.BigIntegerField()
    reason = models.CharField(max_length=500, blank=True)
    initiated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")  # fmt: skip
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    tx = models.ForeignKey(Transaction, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = TransferRequestQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.from_account_id} → {self.to_account_id} {self.quantity} ({self.status})"



class Certificate(models.Model):
    """Voluntary cancellation certificate; anyone can check it by its code."""

    code = models.CharField(_("certificate code"), max_length=32, unique=True)
    tx = models.OneToOneField(Transaction, on_delete=models.PROTECT, related_name="certificate")
    holder_name = models.CharField(_("cancelled by"), max_length=200)
    beneficiary = models.CharField(_("on behalf of"), max_length=200, blank=True)
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    instrument_code = models.CharField(_("instrument"), max_length=80)
    quantity = models.BigIntegerField(_("quantity (t)"))
    issued_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.code



class Obligation(AuditedModel):
    """Tonnes to surrender for a compliance year. Manual values carry the bureau's reason."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("Set by the bureau")
        DISCLOSURE = "disclosure", _("Verified emissions (disclosure)")

    enterprise = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="obligations")
    year = models.PositiveSmallIntegerField(_("compliance year"))
    scheme = models.CharField(_("scheme"), max_length=12)  # rule pack key: shenzhen | national
    verified_emissions_t = models.BigIntegerField(_("obligation (t)"))
    source = models.CharField(_("source"), max_length=12, choices=Source.choices, default=Source.MANUAL)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)

    objects = ObligationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year"], name="registry_one_obligation_per_year"),
            models.CheckConstraint(condition=Q(verified_emissions_t__gte=0), name="registry_obligation_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.year}: {self.verified_emissions_t} t"



class ReconciliationCase(AuditedModel):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")

    jurisdiction = models.ForeignKey("orgs.Jurisdiction", on_delete=models.PROTECT, related_name="+")
    statement_name = models.CharField(_("statement"), max_length=200)
    statement_sha256 = models.CharField(max_length=64)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")  # fmt: skip
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)

    objects = BureauOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.statement_name}"



class Discrepancy(models.Model):
    case = models.ForeignKey(ReconciliationCase, on_delete=models.CASCADE, related_name="discrepancies")
    kind = models.CharField(max_length=20)
    external_account = models.CharField(max_length=60, blank=True)
    account = models.ForeignKey(Account, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    instrument = models.CharField(max_length=80, blank=True)
    statement_quantity = models.BigIntegerField(null=True)
    ledger_quantity = models.BigIntegerField(null=True)

    def __str__(self) -> str:
        return f"{self.kind} {self.external_account} {self.instrument}"
