"""Base-case and stress runs. A run stores every input it used (deal version, structure, pool tape,
assumptions, seed, digest of the price data) next to its results, so ``reproduce`` gives the same numbers.
A run the engine refuses stores only its error."""

from __future__ import annotations

import calendar
from dataclasses import asdict
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tanxin.common.errors import DomainError
from tanxin.common.hashing import canonical_hash
from tanxin.market import facts as market
from tanxin.securitisation.domain import base, montecarlo, paths, structure
from tanxin.securitisation.domain.errors import StructureError
from tanxin.securitisation.domain.pool import Assumptions, Loan
from tanxin.securitisation.messages import translated
from tanxin.securitisation.models import Deal, Run
from tanxin.securitisation.services.deals import load

DEFAULT_PATHS = 2_000
GRID_CDRS = ("0", "0.02", "0.05", "0.10", "0.20", "0.30", "0.50")
GRID_SHOCKS = ("0", "-0.2", "-0.4", "-0.6", "-0.8")


def _bad(message: str, field: str) -> DomainError:
    return DomainError(message, code="bad_assumptions", details={field: [message]})


def _dec(data: dict, key: str, default: str) -> Decimal:
    try:
        value = Decimal(str(data.get(key, default) if data.get(key) is not None else default))
    except InvalidOperation:
        raise _bad(_("Enter a number."), key) from None
    if not value.is_finite():
        raise _bad(_("Enter a number."), key)
    return value


def _int(data: dict, key: str, default: int, low: int, high: int) -> int:
    value = data.get(key, default)
    if value is None:
        value = default
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise _bad(_("Enter a whole number."), key)
    try:
        number = int(value)
    except ValueError:
        raise _bad(_("Enter a whole number."), key) from None
    if not low <= number <= high:
        raise _bad(_("Between %(low)s and %(high)s.") % {"low": low, "high": f"{high:,}"}, key)
    return number


def price_inputs(deal: Deal) -> tuple[Decimal, str, list[Decimal]]:
    """P_val at the cut-off (yuan → fen), the digest of the price rows used, and the closes for calibration."""
    series = market.series(deal.instrument, end=deal.cut_off)
    rows = [(r.day.isoformat(), str(r.close), r.volume_t) for r in series.rows]
    figures = market.figures(deal.instrument, deal.cut_off)
    price = figures.valuation or figures.close or Decimal(0)
    return price * 100, canonical_hash({"instrument": deal.instrument, "rows": rows}), [r.close for r in series.rows]


def assumptions_of(data: Any, price_fen: Decimal, pool_refs: set[str]) -> tuple[Assumptions, dict[str, Any]]:
    data = data if isinstance(data, dict) else {}
    defaults = data.get("defaults") or []
    if not isinstance(defaults, list) or not all(isinstance(d, list | tuple) and len(d) == 2 for d in defaults):
        raise _bad(_("List defaults as pairs of loan number and period."), "defaults")
    events = tuple((str(r), _int({"p": p}, "p", 1, 1, 600)) for r, p in defaults)
    if any(r not in pool_refs for r, _p in events):
        raise _bad(_("A default names a loan that is not in the pool."), "defaults")
    price = data.get("price_fen")
    a = Assumptions(
        cdr=_dec(data, "cdr", "0.02"), cpr=_dec(data, "cpr", "0.05"),
        recovery_lag=_int(data, "recovery_lag", 6, 0, 60), slippage=_dec(data, "slippage", "0.15"),
        price_fen=price_fen if price in (None, "") else _dec(data, "price_fen", "0"),
        price_shock=_dec(data, "price_shock", "0"), price_drift=_dec(data, "price_drift", "0"),
        lpr_bp=_int(data, "lpr_bp", 300, 0, 2000), defaults=events,
    )  # fmt: skip
    stored = {"cdr": str(a.cdr), "cpr": str(a.cpr), "recovery_lag": a.recovery_lag, "slippage": str(a.slippage),
              "price_fen": str(a.price_fen), "price_shock": str(a.price_shock), "price_drift": str(a.price_drift),
              "lpr_bp": a.lpr_bp, "defaults": [list(e) for e in events]}  # fmt: skip
    return a, stored


def pool_tape(deal: Deal) -> list[dict[str, Any]]:
    return [{"ref": p.ref, "balance_fen": p.balance_fen, "rate_ppm": p.rate_ppm, "months": p.months,
             "amortisation": p.amortisation, "pledged_t": p.pledged_t, "guarantee_ppm": p.guarantee_ppm}
            for p in deal.pool.filter(active=True).order_by("ref")]  # fmt: skip


def _loans(tape: list[dict[str, Any]]) -> list[Loan]:
    return [Loan(key=x["ref"], balance_fen=x["balance_fen"], rate_ppm=x["rate_ppm"], months=x["months"],
                 amortisation=x["amortisation"], pledged_t=x["pledged_t"], guarantee_ppm=x["guarantee_ppm"])
            for x in tape]  # fmt: skip


def payment_date(first: date, period: int) -> date:
    index = first.year * 12 + first.month - 1 + period - 1
    year, month = divmod(index, 12)
    return date(year, month + 1, min(first.day, calendar.monthrange(year, month + 1)[1]))


def _inputs(user: Any, deal_id: int, data: Any) -> tuple[Deal, dict[str, Any]]:
    deal = load(user, deal_id, "change")
    if not deal.structure:
        raise DomainError(_("Set the deal's structure first."), code="no_structure")
    tape = pool_tape(deal)
    if not tape:
        raise DomainError(_("Choose the pool's loans first."), code="no_pool")
    price_fen, digest, _closes = price_inputs(deal)
    _a, stored = assumptions_of(data, price_fen, {x["ref"] for x in tape})
    return deal, {"structure": deal.structure, "pool": tape, "assumptions": stored, "price_digest": digest,
                  "deal_version": deal.version}  # fmt: skip


def run_base(user: Any, deal_id: int, data: Any = None) -> Run:
    deal, inputs = _inputs(user, deal_id, data)
    return _store(user, deal, Run.Kind.BASE, inputs, lambda: base_results(deal, inputs))


def run_stress(user: Any, deal_id: int, data: Any = None) -> Run:
    data = data if isinstance(data, dict) else {}
    deal, inputs = _inputs(user, deal_id, data)
    inputs["paths"] = _int(data, "paths", DEFAULT_PATHS, 1, 10**12)
    inputs["seed"] = _int(data, "seed", 20240601, 0, 2**63 - 1)
    model = str(data.get("price_model") or "gbm")
    if model not in ("gbm", "regime"):
        raise _bad(_("Choose GBM or regime switch."), "price_model")
    sigma, rho = _dec(data, "default_sigma", "0.5"), _dec(data, "correlation", "0.5")
    if not 0 <= sigma <= 5:
        raise _bad(_("Between %(low)s and %(high)s.") % {"low": 0, "high": 5}, "default_sigma")
    if not -1 <= rho <= 1:
        raise _bad(_("Between %(low)s and %(high)s.") % {"low": -1, "high": 1}, "correlation")
    inputs["model"] = {"price_model": model, "default_sigma": str(sigma), "correlation": str(rho)}
    return _store(user, deal, Run.Kind.STRESS, inputs, lambda: stress_results(deal, inputs))


def _store(user: Any, deal: Deal, kind: str, inputs: dict[str, Any], compute: Any) -> Run:
    fields = {k: inputs.get(k) for k in ("structure", "pool", "assumptions", "price_digest", "deal_version")}
    try:
        results = compute()
    except StructureError as exc:
        error = translated(exc)
        Run.objects.create(deal=deal, kind=kind, ok=False, deal_version=deal.version, error_code=exc.code,
                           error=str(error.message), created_by=user)  # fmt: skip
        raise error from exc
    with transaction.atomic():
        return Run.objects.create(deal=deal, kind=kind, seed=inputs.get("seed"), paths=inputs.get("paths"),
                                  results=results, created_by=user, **fields)  # fmt: skip


def reproduce(run: Run) -> dict[str, Any]:
    """The results of a stored run computed again from its stored inputs."""
    inputs = {"structure": run.structure, "pool": run.pool, "assumptions": run.assumptions, "seed": run.seed,
              "paths": run.paths, "model": run.results.get("model", {})}  # fmt: skip
    fn = base_results if run.kind == Run.Kind.BASE else stress_results
    return fn(run.deal, inputs)


def _engine_inputs(inputs: dict[str, Any]):
    loans = _loans(inputs["pool"])
    a, _stored = assumptions_of(inputs["assumptions"], Decimal(0), {x.key for x in loans})
    s = structure.read(inputs["structure"], pool_fen=sum(x.balance_fen for x in loans))
    return loans, a, s


def base_results(deal: Deal, inputs: dict[str, Any]) -> dict[str, Any]:
    loans, a, s = _engine_inputs(inputs)
    r = base.run(loans, a, s)
    for row in r.rows:
        row["date"] = payment_date(deal.first_payment, row["period"]).isoformat()
    return {
        "periods": r.rows, "measures": [_measure(m) for m in r.measures], "pool_fen": r.pool.initial_fen,
        "guarantor_paid_fen": r.guarantor_paid_fen, "liquidity_drawn_fen": r.liquidity_drawn_fen,
        "triggers": [t.name for t in s.triggers], "price_fen": str(a.price_fen),
    }  # fmt: skip


def _measure(m: Any) -> dict[str, Any]:
    out = asdict(m)
    for key in ("wal_years", "duration_years"):
        out[key] = None if out[key] is None else str(out[key])
    return out


def stress_results(deal: Deal, inputs: dict[str, Any]) -> dict[str, Any]:
    loans, a, s = _engine_inputs(inputs)
    a = Assumptions(**{**a.__dict__, "defaults": ()})
    spec = inputs["model"]
    _p, _d, closes = price_inputs(deal)
    fitted = paths.calibrate(closes)
    model = paths.PriceModel(**{**fitted.__dict__, "kind": spec["price_model"]})
    dm = paths.DefaultModel(sigma=float(spec["default_sigma"]), correlation=float(spec["correlation"]))
    result = montecarlo.simulate(loans, a, s, paths=inputs["paths"], seed=inputs["seed"], price_model=model,
                                 default_model=dm)  # fmt: skip
    senior = s.tranches[0].name
    cdr = montecarlo.break_even_cdr(loans, a, s, tranche=senior)
    price = montecarlo.break_even_price(loans, a, s, tranche=senior)
    grid = montecarlo.grid(loans, a, s, [float(c) for c in GRID_CDRS], [float(x) for x in GRID_SHOCKS])
    return {
        "model": spec,
        "calibration": {k: round(v, 6) if isinstance(v, float) else v for k, v in model.__dict__.items()},
        "paths": result.paths, "seed": result.seed, "tranches": [asdict(t) for t in result.tranches],
        "p_senior_loss": result.p_senior_loss, "guarantor_mean_fen": round(result.guarantor_mean_fen),
        "p_guarantor_called": result.p_guarantor_called, "price_percentiles": result.price_percentiles,
        "break_even_cdr": None if cdr is None else str(cdr),
        "break_even_price_fen": None if price is None else str(price),
        "senior": senior, "grid": {"cdrs": list(GRID_CDRS), "shocks": list(GRID_SHOCKS), "loss": grid},
        "balances": {t.name: t.balance_fen for t in s.tranches},
    }  # fmt: skip


def latest(deal: Deal, kind: str) -> Run | None:
    return deal.runs.filter(kind=kind, ok=True).order_by("-created_at", "-pk").first()


