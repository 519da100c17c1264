"""Loan desk tables: loans, their collateral, pledges (registry holds), valuations, daily marks, margin calls,
repayments, documents and the step history. Money in fen, tonnes in whole t, ratios in basis points and
probabilities in parts per million (integers at rest); the services turn them into Decimals.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tanxin.lending.domain.workflow import State
from tanxin.lending.gate_loans import LoanChildQuerySet, LoanQuerySet

STATE_LABELS = {
    State.APPLIED: _("Application"),
    State.SCREENED: _("Screened"),
    State.VALUED: _("Valued"),
    State.APPROVED: _("Approved"),
    State.CONTRACTED: _("Contract signed"),
    State.PLEDGED: _("Pledge registered"),
    State.LIVE: _("Disbursed (monitoring)"),
    State.REPAID: _("Repaid"),
    State.RELEASED: _("Pledge released"),
    State.DEFAULTED: _("Defaulted"),
    State.DISPOSING: _("Disposal"),
    State.RECOVERED: _("Recovered"),
    State.CLOSED: _("Closed"),
    State.DECLINED: _("Declined"),
    State.WITHDRAWN: _("Withdrawn"),
}


STATE_CHOICES = [(s.value, label) for s, label in STATE_LABELS.items()]


class Loan(models.Model):

    ref = models.CharField(_("loan number"), max_length=20, unique=True)
    enterprise = models.ForeignKey("orgs.Organisation", verbose_name=_("borrower"), on_delete=models.PROTECT,
                                   related_name="pledge_loans")  # fmt: skip
    bank = models.ForeignKey("orgs.Organisation", verbose_name=_("lending bank"), on_delete=models.PROTECT,
                             related_name="pledge_loans_made")  # fmt: skip
    state = models.CharField(_("status"), max_length=12, choices=STATE_CHOICES, default=State.APPLIED)
    amount_fen = models.BigIntegerField(_("amount (fen)"))
    principal_fen = models.BigIntegerField(_("outstanding principal (fen)"), default=0)
    term_months = models.PositiveSmallIntegerField(_("term (months)"))
    purpose = models.CharField(_("purpose"), max_length=300)
    instrument_code = models.CharField(_("instrument"), max_length=80)  # registry code, e.g. SZA-2023
    quantity_t = models.BigIntegerField(_("allowances offered (t)"))
    band = models.CharField(_("screening band"), max_length=1, blank=True)
    band_source = models.CharField(max_length=12, blank=True)  # scorecard | bank
    screening_version = models.PositiveIntegerField(null=True, blank=True)  # the scorecard version that banded it
    spread_bp = models.PositiveIntegerField(_("spread (bp)"), null=True, blank=True)
    ltv_cap_bp = models.PositiveIntegerField(_("band LTV cap (bp)"), null=True, blank=True)
    rate_ppm = models.PositiveIntegerField(_("annual rate (ppm)"), null=True, blank=True)
    day_count_basis = models.PositiveSmallIntegerField(default=360)
    profile = models.CharField(_("margin profile"), max_length=12, default="standard")
    warning_bp = models.PositiveIntegerField(default=15000)
    liquidation_bp = models.PositiveIntegerField(default=12000)
    release_bp = models.PositiveIntegerField(default=25000)
    target_ppm = models.PositiveIntegerField(default=50000)  # target breach probability
    cash_margin_fen = models.BigIntegerField(_("cash margin (fen)"), default=0)
    surrender_deadline = models.DateField(null=True, blank=True)
    conflict = models.BooleanField(_("compliance conflict"), default=False)
    conflict_acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                                 on_delete=models.PROTECT, related_name="+")  # fmt: skip
    conflict_acknowledged_at = models.DateTimeField(null=True, blank=True)
    registration_no = models.CharField(_("PBOC registration number"), max_length=60, blank=True)
    notice_no = models.CharField(_("bureau notice number"), max_length=60, blank=True)
    notice_date = models.DateField(_("notice date"), null=True, blank=True)
    notice_published = models.BooleanField(default=False)
    disbursed_on = models.DateField(null=True, blank=True)
    maturity_on = models.DateField(_("maturity"), null=True, blank=True)
    interest_from = models.DateField(null=True, blank=True)  # accrual runs from here on the outstanding principal
    interest_paid_fen = models.BigIntegerField(default=0)
    recovered_fen = models.BigIntegerField(default=0)
    last_mark_on = models.DateField(null=True, blank=True)
    last_coverage_bp = models.IntegerField(null=True, blank=True)
    last_zone = models.CharField(max_length=12, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    objects = LoanQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("pledge loan")
        verbose_name_plural = _("pledge loans")
        indexes = [models.Index(fields=["state"], name="lending_loan_state"),
                   models.Index(fields=["bank", "state"], name="lending_loan_bank_state")]  # fmt: skip
        constraints = [
            models.CheckConstraint(condition=Q(amount_fen__gt=0, quantity_t__gte=0, principal_fen__gte=0,
                                               cash_margin_fen__gte=0), name="lending_loan_amounts"),
        ]

    def __str__(self) -> str:
        return self.ref

    @property
    def market_instrument(self) -> str:
        return self.instrument_code.partition("-")[0]


class Collateral(models.Model):
    """An item of collateral other than allowances: a guarantee, receivables or a deposit."""

    class Kind(models.TextChoices):
        GUARANTEE = "guarantee", _("Guarantee")
        RECEIVABLE = "receivable", _("Receivables")
        DEPOSIT = "deposit", _("Deposit")

    loan = models.ForeignKey(Loan, on_delete=models.CASCADE, related_name="collateral")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    face_fen = models.BigIntegerField(_("face value (fen)"))
    haircut_bp = models.PositiveIntegerField(_("haircut (bp)"))
    description = models.CharField(_("description"), max_length=200, blank=True)
    guarantor = models.ForeignKey("orgs.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")  # fmt: skip

    objects = LoanChildQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.loan_id} {self.kind} {self.face_fen}"

    @property
    def recognised_fen(self) -> int:
        return self.face_fen * (10000 - self.haircut_bp) // 10000


class Pledge(models.Model):
    """One registry hold of kind pledge in the bank's favour. A top-up is another pledge on the same loan."""

    class Purpose(models.TextChoices):
        INITIAL = "initial", _("Initial pledge")
        TOP_UP = "top_up", _("Extra allowances (margin call)")
        SUBSTITUTE = "substitute", _("Substitute collateral")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RELEASED = "released", _("Released")
        ENFORCED = "enforced", _("Enforced")

    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="pledges")
    hold_ref = models.CharField(_("hold number"), max_length=40, unique=True)
    instrument_code = models.CharField(_("instrument"), max_length=80)
    quantity_t = models.BigIntegerField(_("quantity (t)"))
    purpose = models.CharField(max_length=12, choices=Purpose.choices, default=Purpose.INITIAL)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    placed_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = LoanChildQuerySet.as_manager()

    class Meta:
        ordering = ["placed_at", "pk"]

    def __str__(self) -> str:
        return self.hold_ref


class Valuation(models.Model):
    """The valuation the approval relied on: prices, haircut, probabilities and the loan size they allow."""

    loan = models.ForeignKey(Loan, on_delete=models.CASCADE, related_name="valuations")
    on = models.DateField()
    close_fen = models.BigIntegerField()
    vwap_fen = models.BigIntegerField()
    price_fen = models.BigIntegerField()  # P_val
    sigma_bp = models.PositiveIntegerField()
    haircut_bp = models.PositiveIntegerField()
    solved_ltv_bp = models.PositiveIntegerField()
    band_cap_bp = models.PositiveIntegerField()
    advance_bp = models.PositiveIntegerField()
    binding = models.CharField(max_length=20)
    allowance_value_fen = models.BigIntegerField()
    max_loan_fen = models.BigIntegerField()
    p_continuous_ppm = models.PositiveIntegerField()
    p_daily_ppm = models.PositiveIntegerField()
    p_mc_ppm = models.PositiveIntegerField()
    mc_se_ppm = models.PositiveIntegerField()
    mc_paths = models.PositiveIntegerField()
    synthetic = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = LoanChildQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.loan_id} {self.on}"


class Mark(models.Model):
    """One day's mark-to-market of a live loan: what the coverage chart draws."""

    loan = models.ForeignKey(Loan, on_delete=models.CASCADE, related_name="marks")
    on = models.DateField()
    price_fen = models.BigIntegerField()
    quantity_t = models.BigIntegerField()
    debt_fen = models.BigIntegerField()
    coverage_bp = models.IntegerField()
    zone = models.CharField(max_length=12)
    stale = models.BooleanField(default=False)

    objects = LoanChildQuerySet.as_manager()

    class Meta:
        ordering = ["on"]
        constraints = [models.UniqueConstraint(fields=["loan", "on"], name="lending_one_mark_per_day")]

    def __str__(self) -> str:
        return f"{self.loan_id} {self.on} {self.coverage_bp}"


class MarginCall(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("Open")
        CURED = "cured", _("Cured")
        ESCALATED = "escalated", _("Escalated")
        CLOSED = "closed", _("Closed")

    class Level(models.TextChoices):
        WARNING = "warning", _("Below the warning line")
        LIQUIDATION = "liquidation", _("Below the liquidation line")

    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="margin_calls")
    state = models.CharField(_("status"), max_length=10, choices=State.choices, default=State.OPEN)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    opened_on = models.DateField()
    deadline = models.DateField(_("cure by"))
    coverage_bp = models.IntegerField()  # at opening
    closed_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    objects = LoanChildQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["loan"], condition=Q(state="open"),
                                               name="lending_one_open_call_per_loan")]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.loan_id} {self.level} {self.state}"


class Cure(models.Model):
    class Kind(models.TextChoices):
        CASH = "cash", _("Cash top-up")
        ALLOWANCES = "allowances", _("Extra allowances")
        REPAYMENT = "repayment", _("Partial repayment")

    call = models.ForeignKey(MarginCall, on_delete=models.PROTECT, related_name="cures")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    amount_fen = models.BigIntegerField(default=0)
    quantity_t = models.BigIntegerField(default=0)
    hold_ref = models.CharField(max_length=40, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.call_id} {self.kind}"


class Repayment(models.Model):
    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="repayments")
    on = models.DateField()
    amount_fen = models.BigIntegerField()
    interest_fen = models.BigIntegerField()
    principal_fen = models.BigIntegerField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    objects = LoanChildQuerySet.as_manager()

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.loan_id} {self.on} {self.amount_fen}"


class Document(models.Model):
    """Evidence of a step (contract, registration certificate, pledge notice …), stored once per content."""

    class Kind(models.TextChoices):
        CONTRACT = "contract", _("Loan and pledge contract")
        REGISTRATION = "registration", _("Registration certificate")
        NOTICE = "notice", _("Pledge notice")
        REPAYMENT = "repayment", _("Repayment voucher")
        DISPOSAL = "disposal", _("Disposal record")
        OTHER = "other", _("Other document")

    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("file name"), max_length=200)
    sha256 = models.CharField(max_length=64)
    blob = models.CharField(max_length=200)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = LoanChildQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name


ACTION_LABELS = {
    "apply": _("Application"), "screen": _("Screening"), "value": _("Valuation"), "approve": _("Approval"),
    "contract": _("Contract signed"), "register_pledge": _("Pledge registered"), "disburse": _("Disbursement"),
    "repay": _("Repaid in full"), "repay_partial": _("Partial repayment"), "release": _("Pledge released"),
    "partial_release": _("Partial release"), "close": _("Closed"), "default": _("Default"),
    "dispose": _("Pledge enforced"), "recover": _("Recovery"), "decline": _("Declined"), "withdraw": _("Withdrawn"),
    "margin_open": _("Margin call opened"), "margin_deepen": _("Below the liquidation line"),
    "margin_cure": _("Margin call cured"), "margin_expire": _("Margin call escalated"),
    "cure_cash": _("Cash top-up"), "cure_allowances": _("Extra allowances pledged"),
}  # fmt: skip


class Event(models.Model):
    """The loan's history: every step, margin event and cure with actor, time, reason and figures."""

    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(max_length=24)
    from_state = models.CharField(max_length=12, blank=True)
    to_state = models.CharField(max_length=12, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=500, blank=True)
    details = models.JSONField(default=dict, blank=True)

    objects = LoanChildQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.loan_id} {self.action}"

    @property
    def label(self) -> str:
        return str(ACTION_LABELS.get(self.action, self.action))


class OperationKey(models.Model):
    """Idempotency for lending writes that move money or tonnes: replay returns the first result."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    operation = models.CharField(max_length=40)
    request_hash = models.CharField(max_length=64)
    result = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["actor", "key"], name="lending_one_operation_per_key")]

    def __str__(self) -> str:
        return f"{self.actor_id} {self.key}"
