"""A deal's structure: tranches, fees, reserve, triggers and the waterfalls, read from portable JSON.

The waterfall is data, not code: per waterfall (``normal`` and whatever a trigger switches to), per
account (``interest`` = 收入分账户, ``principal`` = 本金分账户), an ordered list of steps:

``{"pay": "fee", "fee": "trustee", "from": "interest", "support": ["reserve", "guarantor"]}``
``{"pay": "interest", "tranches": ["A"], "from": "interest", "support": [...]}``
``{"pay": "principal", "tranches": ["A", "B"], "mode": "sequential" | "pro_rata" | "scheduled",
  "from": "principal", "cover": "all" | "deficiency", "support": [...]}``
``{"pay": "reserve", "from": "interest"}`` (top up to target), ``{"pay": "liquidity", "from": ...}`` (repay
draws), ``{"pay": "transfer", "from": "interest", "to": "principal"}``, ``{"pay": "residual", "tranches":
["B"], "from": "interest"}``.

``support`` names who pays a shortfall of what is due: the reserve, the liquidity facility, the guarantor
(差额支付); on principal it backs the non-subordinated tranches only, and principal is due only from a
tranche's expected maturity (and at the last period).
Everything is checked here, so the interpreter never meets an unknown name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from tanxin.securitisation.domain import formula
from tanxin.securitisation.domain.errors import refuse

FORMAT_VERSION = 1
ACCOUNTS = ("interest", "principal")
PAYS = ("fee", "interest", "principal", "reserve", "liquidity", "transfer", "residual")
MODES = ("sequential", "pro_rata", "scheduled")
SUPPORTS = ("reserve", "liquidity", "guarantor")
MAX_TRANCHES = 10
MAX_STEPS = 60


@dataclass(frozen=True)
class Tranche:
    name: str
    balance_fen: int
    coupon_bp: int = 0
    rate_type: str = "fixed"  # fixed | floating (LPR + coupon_bp as the margin)
    subordinated: bool = False
    expected_maturity: int | None = None  # period from which the whole balance is due
    schedule: tuple[int, ...] = ()  # target balance after each period, for "scheduled" principal
    retained_bp: int = 0  # share of the tranche the originator keeps


@dataclass(frozen=True)
class Fee:
    name: str
    rate_bp: int = 0  # a year, on the pool's opening balance
    fixed_fen: int = 0  # each period
    senior: bool = True


@dataclass(frozen=True)
class Reserve:
    initial_fen: int = 0
    target_fen: int = 0
    step_down_after: int | None = None
    step_down_target_fen: int = 0
    step_down_blocked_by_trigger: bool = True


@dataclass(frozen=True)
class Trigger:
    name: str
    formula: str
    curable: bool = True
    switch_to: str | None = None


@dataclass(frozen=True)
class Step:
    pay: str
    source: str
    tranches: tuple[str, ...] = ()
    fee: str = ""
    to: str = ""
    mode: str = "sequential"
    cover: str = "all"
    support: tuple[str, ...] = ()


@dataclass(frozen=True)
class Structure:
    tranches: tuple[Tranche, ...]
    waterfalls: dict[str, dict[str, tuple[Step, ...]]]
    fees: tuple[Fee, ...] = ()
    reserve: Reserve = field(default_factory=Reserve)
    triggers: tuple[Trigger, ...] = ()
    liquidity_limit_fen: int = 0
    guarantor_limit_fen: int | None = 0  # None: unlimited undertaking; 0: no guarantor
    recoveries_to: str = "principal"
    retention_min_bp: int = 500

    def tranche(self, name: str) -> Tranche:
        return next(t for t in self.tranches if t.name == name)

    @property
    def total_fen(self) -> int:
        return sum(t.balance_fen for t in self.tranches)

    @property
    def retention_bp(self) -> int:
        total = self.total_fen
        return sum(t.balance_fen * t.retained_bp for t in self.tranches) // total if total else 0


def read(data: Any, *, pool_fen: int | None = None) -> Structure:
    """The checked structure of a JSON description (see the module docstring), or a refusal."""
    if not isinstance(data, dict):
        raise refuse("bad_structure", "the structure must be an object")
    version = data.get("version", FORMAT_VERSION)
    if version != FORMAT_VERSION:
        raise refuse("bad_version", "this structure format version is not supported", version=version)
    tranches = tuple(_tranche(t) for t in _list(data, "tranches"))
    if not tranches or len(tranches) > MAX_TRANCHES:
        raise refuse("bad_tranches", "a deal needs between one and ten tranches")
    _unique([t.name for t in tranches], "tranche")
    fees = tuple(_fee(f) for f in _list(data, "fees", required=False))
    _unique([f.name for f in fees], "fee")
    triggers = tuple(_trigger(t) for t in _list(data, "triggers", required=False))
    structure = Structure(
        tranches=tranches,
        fees=fees,
        reserve=_reserve(data.get("reserve") or {}),
        triggers=triggers,
        waterfalls=_waterfalls(data.get("waterfalls"), tranches, fees, triggers),
        liquidity_limit_fen=_fen(data.get("liquidity_limit_fen", 0), "liquidity_limit_fen"),
        guarantor_limit_fen=None if data.get("guarantor_limit_fen", 0) is None
        else _fen(data.get("guarantor_limit_fen", 0), "guarantor_limit_fen"),
        recoveries_to=_choice(data.get("recoveries_to", "principal"), ACCOUNTS, "recoveries_to"),
        retention_min_bp=_int(data.get("retention_min_bp", 500), "retention_min_bp", 0, 10_000),
    )
    if pool_fen is not None and structure.total_fen > pool_fen:
        raise refuse("tranches_exceed_pool", "the tranches add up to more than the pool",
                     tranches_fen=structure.total_fen, pool_fen=pool_fen)  # fmt: skip
    if structure.retention_bp < structure.retention_min_bp:
        raise refuse("retention_too_low", "the originator keeps less than the minimum risk retention",
                     retention_bp=structure.retention_bp, minimum_bp=structure.retention_min_bp)  # fmt: skip
    return structure


def write(structure: Structure) -> dict[str, Any]:
    """The portable JSON description (what ``read`` takes back)."""
    return {
        "version": FORMAT_VERSION,
        "tranches": [_drop_defaults(t.__dict__ | {"schedule": list(t.schedule)}) for t in structure.tranches],
        "fees": [dict(f.__dict__) for f in structure.fees],
        "reserve": dict(structure.reserve.__dict__),
        "triggers": [dict(t.__dict__) for t in structure.triggers],
        "waterfalls": {
            name: {acc: [_step_json(s) for s in steps] for acc, steps in accounts.items()}
            for name, accounts in structure.waterfalls.items()
        },
        "liquidity_limit_fen": structure.liquidity_limit_fen,
        "guarantor_limit_fen": structure.guarantor_limit_fen,
        "recoveries_to": structure.recoveries_to,
        "retention_min_bp": structure.retention_min_bp,
    }


def _drop_defaults(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v not in (None, [], ())}


def _step_json(step: Step) -> dict[str, Any]:
    out: dict[str, Any] = {"pay": step.pay, "from": step.source}
    if step.tranches:
        out["tranches"] = list(step.tranches)
    if step.fee:
        out["fee"] = step.fee
    if step.to:
        out["to"] = step.to
    if step.pay == "principal":
        out["mode"], out["cover"] = step.mode, step.cover
    if step.support:
        out["support"] = list(step.support)
    return out


def _tranche(d: Any) -> Tranche:
    d = _obj(d, "tranche")
    name = _name(d.get("name"), "tranche")
    rate_type = _choice(d.get("rate_type", "fixed"), ("fixed", "floating"), "rate_type")
    coupon = _int(d.get("coupon_bp", 0), "coupon_bp", -10_000 if rate_type == "floating" else 0, 10_000)
    maturity = d.get("expected_maturity")
    schedule = d.get("schedule") or []
    if not isinstance(schedule, list):
        raise refuse("bad_tranches", "a tranche schedule must be a list of balances", tranche=name)
    return Tranche(
        name=name,
        balance_fen=_fen(d.get("balance_fen"), "balance_fen", positive=True),
        coupon_bp=coupon,
        rate_type=rate_type,
        subordinated=bool(d.get("subordinated", False)),
        expected_maturity=None if maturity is None else _int(maturity, "expected_maturity", 1, 600),
        schedule=tuple(_fen(v, "schedule") for v in schedule),
        retained_bp=_int(d.get("retained_bp", 0), "retained_bp", 0, 10_000),
    )


def _fee(d: Any) -> Fee:
    d = _obj(d, "fee")
    return Fee(
        name=_name(d.get("name"), "fee"),
        rate_bp=_int(d.get("rate_bp", 0), "rate_bp", 0, 10_000),
        fixed_fen=_fen(d.get("fixed_fen", 0), "fixed_fen"),
        senior=bool(d.get("senior", True)),
    )


def _reserve(d: Any) -> Reserve:
    d = _obj(d, "reserve")
    after = d.get("step_down_after")
    return Reserve(
        initial_fen=_fen(d.get("initial_fen", 0), "initial_fen"),
        target_fen=_fen(d.get("target_fen", 0), "target_fen"),
        step_down_after=None if after is None else _int(after, "step_down_after", 1, 600),
        step_down_target_fen=_fen(d.get("step_down_target_fen", 0), "step_down_target_fen"),
        step_down_blocked_by_trigger=bool(d.get("step_down_blocked_by_trigger", True)),
    )


def _trigger(d: Any) -> Trigger:
    d = _obj(d, "trigger")
    text = str(d.get("formula", ""))
    formula.check(text)
    switch = d.get("switch_to")
    return Trigger(name=_name(d.get("name"), "trigger"), formula=text, curable=bool(d.get("curable", True)),
                   switch_to=None if switch in (None, "") else str(switch))  # fmt: skip


def _waterfalls(data: Any, tranches: tuple[Tranche, ...], fees: tuple[Fee, ...],
                triggers: tuple[Trigger, ...]) -> dict[str, dict[str, tuple[Step, ...]]]:  # fmt: skip
    if not isinstance(data, dict) or "normal" not in data:
        raise refuse("bad_waterfall", "the structure needs a normal waterfall")
    names = {t.name for t in tranches}
    fee_names = {f.name for f in fees}
    out: dict[str, dict[str, tuple[Step, ...]]] = {}
    for wname, accounts in data.items():
        if not isinstance(accounts, dict):
            raise refuse("bad_waterfall", "a waterfall lists steps per account", waterfall=wname)
        for account in accounts:
            if account not in ACCOUNTS:
                raise refuse("unknown_account", "a waterfall names an account that does not exist",
                             waterfall=wname, account=account)  # fmt: skip
        for acc in ACCOUNTS:
            if not isinstance(accounts.get(acc) or [], list):
                raise refuse("bad_waterfall", "a waterfall lists steps per account", waterfall=wname)
        steps = {acc: tuple(_step(s, names, fee_names, wname) for s in accounts.get(acc) or []) for acc in ACCOUNTS}
        if sum(len(s) for s in steps.values()) > MAX_STEPS:
            raise refuse("bad_waterfall", "a waterfall has too many steps", waterfall=wname)
        out[str(wname)] = steps
    for trigger in triggers:
        if trigger.switch_to is not None and trigger.switch_to not in out:
            raise refuse("unknown_waterfall", "a trigger switches to a waterfall that does not exist",
                         trigger=trigger.name, waterfall=trigger.switch_to)  # fmt: skip
    return out


def _step(d: Any, tranches: set[str], fees: set[str], wname: str) -> Step:
    d = _obj(d, "step")
    pay = _choice(d.get("pay"), PAYS, "pay")
    source = d.get("from")
    if not isinstance(source, str) or source not in ACCOUNTS:
        raise refuse("unknown_account", "a waterfall step names an account that does not exist",
                     waterfall=wname, account=source)  # fmt: skip
    names = d.get("tranches") or []
    if not isinstance(names, list) or any(not isinstance(n, str) or n not in tranches for n in names):
        raise refuse("unknown_tranche", "a waterfall step names a tranche that does not exist", waterfall=wname,
                     tranches=names)  # fmt: skip
    if len(set(names)) != len(names):
        raise refuse("bad_step", "a waterfall step names a tranche twice", waterfall=wname, pay=pay)
    if pay in ("interest", "principal", "residual") and not names:
        raise refuse("bad_step", "this waterfall step needs its tranches", waterfall=wname, pay=pay)
    fee = str(d.get("fee") or "")
    if pay == "fee" and fee not in fees:
        raise refuse("unknown_fee", "a waterfall step names a fee that does not exist", waterfall=wname, fee=fee)
    to = str(d.get("to") or "")
    if pay == "transfer" and (to not in ACCOUNTS or to == source):
        raise refuse("unknown_account", "a transfer names an account that does not exist", waterfall=wname,
                     account=to)  # fmt: skip
    support = d.get("support") or []
    if not isinstance(support, list) or any(not isinstance(s, str) or s not in SUPPORTS for s in support):
        raise refuse("bad_step", "a waterfall step names an unknown support", waterfall=wname, support=support)
    return Step(pay=pay, source=source, tranches=tuple(names), fee=fee, to=to,
                mode=_choice(d.get("mode", "sequential"), MODES, "mode"),
                cover=_choice(d.get("cover", "all"), ("all", "deficiency"), "cover"),
                support=tuple(support))  # fmt: skip


def _list(d: dict, key: str, *, required: bool = True) -> list:
    value = d.get(key)
    if value is None and not required:
        return []
    if not isinstance(value, list):
        raise refuse("bad_structure", "the structure needs a list here", field=key)
    return value


def _obj(d: Any, what: str) -> dict:
    if not isinstance(d, dict):
        raise refuse("bad_structure", "the structure needs an object here", field=what)
    return d


def _unique(names: list[str], what: str) -> None:
    if len(set(names)) != len(names):
        raise refuse("duplicate_name", "two parts of the structure have the same name", what=what)


def _name(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > 40:
        raise refuse("bad_name", "each part of the structure needs a short name", what=what)
    return value.strip()


def _choice(value: Any, options: tuple[str, ...], what: str) -> str:
    if value not in options:
        raise refuse("bad_choice", "the structure holds a value it does not know", field=what, value=str(value))
    return str(value)


def _int(value: Any, what: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str | Decimal):
        raise refuse("bad_number", "the structure holds a value that is not a whole number", field=what)
    try:
        number = int(value)
    except ValueError:
        raise refuse("bad_number", "the structure holds a value that is not a whole number", field=what) from None
    if number < low:
        raise refuse("negative_rate" if low == 0 else "out_of_range", "a value is below what is allowed",
                     field=what, value=number)  # fmt: skip
    if number > high:
        raise refuse("out_of_range", "a value is above what is allowed", field=what, value=number)
    return number


def _fen(value: Any, what: str, *, positive: bool = False) -> int:
    number = _int(value, what, 1 if positive else 0, 10**15)
    return number
