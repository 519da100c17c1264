"""The waterfall interpreter: a structure's declarative steps applied period by period.

One interpreter for both backends (``ops.ExactOps`` for the base case in fen, ``ops.ArrayOps`` for
Monte Carlo paths). Each period: collections go to the interest (收入) and principal (本金) accounts;
the test metrics (OC, IC, cumulative defaults) are measured; triggers are evaluated (a non-curable
trigger stays breached); the first breached trigger that switches the waterfall picks the steps for
that path; the reserve releases what is above its target; the steps run; at the last period whatever
cash is left pays principal in order of seniority and then the most junior tranche. Conservation is
checked every period: collections + support draws = payments + change in the account balances.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from tanxin.securitisation.domain import formula
from tanxin.securitisation.domain.errors import refuse
from tanxin.securitisation.domain.structure import Step, Structure

TRANCHE_FIELDS = ("interest_due", "interest_paid", "principal_paid", "residual_paid", "balance")


@dataclass
class Totals:
    interest_paid: dict[str, Any]
    principal_paid: dict[str, Any]
    residual_paid: dict[str, Any]
    principal_time: dict[str, Any]  # Σ period × principal, for the WAL
    balance: dict[str, Any]  # left unpaid after the last period
    interest_short: dict[str, Any]
    guarantor_paid: Any
    liquidity_drawn: Any
    senior_short_periods: Any = None  # periods in which a senior tranche's interest was left short
    rows: list[dict[str, Any]] = field(default_factory=list)

    def loss(self, name: str) -> Any:
        """What the tranche never received: principal left plus interest left unpaid."""
        return self.balance[name] + self.interest_short[name]


class Interpreter:
    def __init__(self, structure: Structure, ops: Any, *, lpr_bp: int = 300, keep_periods: bool = True) -> None:
        self.s, self.ops, self.keep = structure, ops, keep_periods
        self.names = [t.name for t in structure.tranches]
        self.senior = [t.name for t in structure.tranches if not t.subordinated]
        self.coupon = {t.name: _monthly(t.coupon_bp + (lpr_bp if t.rate_type == "floating" else 0))
                       for t in structure.tranches}  # fmt: skip
        self.trees = [formula.parse(t.formula) for t in structure.triggers]
        self.waterfall_names = list(structure.waterfalls)
        for trigger in structure.triggers:
            if trigger.switch_to is not None and trigger.switch_to not in structure.waterfalls:
                raise refuse("unknown_waterfall", "a trigger switches to a waterfall that does not exist")

    # -- the run -----------------------------------------------------------------------------------------
    def run(self, pool: Any) -> Totals:
        o, s = self.ops, self.s
        self.T = pool.periods
        self.acc = {"interest": o.zero(), "principal": o.zero()}
        self.reserve = o.const(s.reserve.initial_fen)
        self.bal = {t.name: o.const(t.balance_fen) for t in s.tranches}
        self.short = {n: o.zero() for n in self.names}
        self.fee_unpaid = {f.name: o.zero() for f in s.fees}
        self.liq = o.zero()
        self.guar_left = None if s.guarantor_limit_fen is None else o.const(s.guarantor_limit_fen)
        self.state = [o.false() for _ in s.triggers]
        z = {n: o.zero() for n in self.names}
        self.tot = Totals(dict(z), dict(z), dict(z), dict(z), {}, {}, o.zero(), o.zero(), o.zero())
        cum_default = o.zero()
        for t in range(1, self.T + 1):
            cum_default = cum_default + pool.defaulted[t - 1]
            self._period(t, pool, cum_default)
        self.tot.balance, self.tot.interest_short = dict(self.bal), dict(self.short)
        return self.tot

    def _period(self, t: int, pool: Any, cum_default: Any) -> None:
        o, s, i = self.ops, self.s, t - 1
        start = self._cash()
        self.row = {"period": t, "draw_reserve": o.zero(), "draw_liquidity": o.zero(), "guarantor": o.zero(),
                    "repay_liquidity": o.zero(), "fees": {f.name: o.zero() for f in s.fees},
                    "tranches": {n: {k: o.zero() for k in TRANCHE_FIELDS} for n in self.names}}  # fmt: skip
        self.acc["interest"] = self.acc["interest"] + pool.interest[i]
        self.acc["principal"] = self.acc["principal"] + pool.scheduled[i] + pool.prepaid[i]
        self.acc[s.recoveries_to] = self.acc[s.recoveries_to] + pool.recovered[i]
        inflow = pool.interest[i] + pool.scheduled[i] + pool.prepaid[i] + pool.recovered[i]
        self.due = {n: self.short[n] + o.mul_rate(self.bal[n], self.coupon[n]) for n in self.names}
        live = o.where(self._sum(self.bal.values()) + pool.opening[i] > 0, 1, 0)
        self.fee_due = {f.name: self.fee_unpaid[f.name] + o.mul_rate(pool.opening[i], _monthly(f.rate_bp))
                        + live * f.fixed_fen for f in s.fees}  # fmt: skip
        for n in self.names:
            self.row["tranches"][n]["interest_due"] = self.due[n]
        self.pool_closing = pool.closing[i]
        metrics = self._metrics(t, pool, i, cum_default)
        active = self._triggers(metrics)
        self._release_reserve(t)
        for wi, wname in enumerate(self.waterfall_names):
            mask = active == wi
            if not (mask.any() if o.vector else mask):
                continue
            for account in ("interest", "principal"):
                for step in s.waterfalls[wname][account]:
                    self._step(step, mask, t)
        if t == self.T:
            self._sweep(t)
        self._close_period(t, start, inflow, metrics, active)

    # -- measurements --------------------------------------------------------------------------------------
    def _metrics(self, t: int, pool: Any, i: int, cum_default: Any) -> dict[str, Any]:
        o = self.ops
        senior_bal = self._sum(self.bal[n] for n in self.senior)
        senior_due = self._sum([self.due[n] for n in self.senior] + [self.fee_due[f.name] for f in self.s.fees
                                                                      if f.senior])  # fmt: skip
        initial = pool.initial_fen
        return {"oc": o.ratio(pool.closing[i] + self.acc["principal"], senior_bal),
                "ic": o.ratio(pool.interest[i], senior_due),
                "cdr_cum": o.ratio(cum_default, o.const(initial) if o.vector else initial),
                "pool_factor": o.ratio(pool.closing[i], o.const(initial) if o.vector else initial),
                "period": o.number(t)}  # fmt: skip

    def _triggers(self, metrics: dict[str, Any]) -> Any:
        o = self.ops
        for k, (trigger, tree) in enumerate(zip(self.s.triggers, self.trees, strict=True)):
            breached = formula.evaluate(tree, metrics, o)
            if o.vector:
                breached = o.land(o.true(), breached)
            self.state[k] = breached if trigger.curable else o.lor(self.state[k], breached)
        active = o.const(0) if o.vector else 0
        for k in reversed(range(len(self.s.triggers))):
            target = self.s.triggers[k].switch_to
            if target is not None:
                active = o.where(self.state[k], self.waterfall_names.index(target), active)
        return active

    def _reserve_target(self, t: int) -> Any:
        o, r = self.ops, self.s.reserve
        if t >= self.T:
            return o.zero() if o.vector else 0
        target = o.const(r.target_fen) if o.vector else r.target_fen
        if r.step_down_after is not None and t > r.step_down_after:
            blocked = o.false()
            if r.step_down_blocked_by_trigger:
                for state in self.state:
                    blocked = o.lor(blocked, state)
            target = o.where(blocked, target, r.step_down_target_fen)
        return target

    def _release_reserve(self, t: int) -> None:
        o = self.ops
        self.target = self._reserve_target(t)
        release = o.maximum(self.reserve - self.target, 0)
        self.reserve = self.reserve - release
        self.acc["interest"] = self.acc["interest"] + release

    # -- steps ---------------------------------------------------------------------------------------------
    def _step(self, step: Step, mask: Any, t: int) -> None:
        getattr(self, "_pay_" + step.pay)(step, mask, t)

    def _avail(self, step: Step, mask: Any) -> Any:
        return self.ops.where(mask, self.acc[step.source], 0)

    def _pay_fee(self, step: Step, mask: Any, t: int) -> None:
        o = self.ops
        due = o.where(mask, self.fee_due[step.fee], 0)
        paid = o.minimum(due, self._avail(step, mask))
        self.acc[step.source] = self.acc[step.source] - paid
        paid = paid + self._support(due - paid, step)
        self.fee_due[step.fee] = self.fee_due[step.fee] - paid
        self.row["fees"][step.fee] = self.row["fees"][step.fee] + paid

    def _pay_interest(self, step: Step, mask: Any, t: int) -> None:
        o = self.ops
        dues = [o.where(mask, self.due[n], 0) for n in step.tranches]
        total = self._sum(dues)
        paid = o.minimum(total, self._avail(step, mask))
        self.acc[step.source] = self.acc[step.source] - paid
        cash = paid + self._support(total - paid, step)
        for n, x in zip(step.tranches, self._split(cash, dues), strict=True):
            self.due[n] = self.due[n] - x
            self.row["tranches"][n]["interest_paid"] = self.row["tranches"][n]["interest_paid"] + x
            self.tot.interest_paid[n] = self.tot.interest_paid[n] + x

    def _pay_principal(self, step: Step, mask: Any, t: int) -> None:
        o = self.ops
        avail = self._avail(step, mask)
        if step.cover == "deficiency":
            gap = self._sum(self.bal.values()) - self.pool_closing - self.acc["principal"]
            avail = o.minimum(avail, o.maximum(gap, 0))
        targets = [o.where(mask, self._target(n, step.mode, t), 0) for n in step.tranches]
        if step.mode == "pro_rata":
            pays = self._split(o.minimum(avail, self._sum(targets)), targets)
            pays = [o.minimum(p, x) for p, x in zip(pays, targets, strict=True)]
        else:
            pays, left = [], avail
            for x in targets:
                p = o.minimum(left, x)
                pays.append(p)
                left = left - p
        self.acc[step.source] = self.acc[step.source] - self._sum(pays)
        for k, n in enumerate(step.tranches):
            if step.support and not self.s.tranche(n).subordinated:  # support backs senior tranches only
                due = o.where(mask, self._principal_due(n, t), 0)
                pays[k] = pays[k] + self._support(o.maximum(due - pays[k], 0), step)
            self._principal(n, pays[k], t)

    def _principal(self, name: str, amount: Any, t: int) -> None:
        self.bal[name] = self.bal[name] - amount
        self.row["tranches"][name]["principal_paid"] = self.row["tranches"][name]["principal_paid"] + amount
        self.tot.principal_paid[name] = self.tot.principal_paid[name] + amount
        self.tot.principal_time[name] = self.tot.principal_time[name] + amount * t

    def _target(self, name: str, mode: str, t: int) -> Any:
        if mode != "scheduled":
            return self.bal[name]
        schedule = self.s.tranche(name).schedule
        floor = schedule[t - 1] if t - 1 < len(schedule) else 0
        return self.ops.maximum(self.bal[name] - floor, 0)

    def _principal_due(self, name: str, t: int) -> Any:
        maturity = self.s.tranche(name).expected_maturity
        if t == self.T or (maturity is not None and t >= maturity):
            return self.bal[name]
        return self.ops.zero() if self.ops.vector else 0

    def _pay_reserve(self, step: Step, mask: Any, t: int) -> None:
        o = self.ops
        top = o.minimum(self._avail(step, mask), o.maximum(self.target - self.reserve, 0))
        self.acc[step.source] = self.acc[step.source] - top
        self.reserve = self.reserve + top

    def _pay_liquidity(self, step: Step, mask: Any, t: int) -> None:
        o = self.ops
        back = o.minimum(self._avail(step, mask), self.liq)
        self.acc[step.source] = self.acc[step.source] - back
        self.liq = self.liq - back
        self.row["repay_liquidity"] = self.row["repay_liquidity"] + back

    def _pay_transfer(self, step: Step, mask: Any, t: int) -> None:
        moved = self._avail(step, mask)
        self.acc[step.source] = self.acc[step.source] - moved
        self.acc[step.to] = self.acc[step.to] + moved

    def _pay_residual(self, step: Step, mask: Any, t: int) -> None:
        amount = self._avail(step, mask)
        self.acc[step.source] = self.acc[step.source] - amount
        self._residual(step.tranches[0], amount)

    def _residual(self, name: str, amount: Any) -> None:
        self.row["tranches"][name]["residual_paid"] = self.row["tranches"][name]["residual_paid"] + amount
        self.tot.residual_paid[name] = self.tot.residual_paid[name] + amount

    def _support(self, short: Any, step: Step) -> Any:
        """Draw a shortfall from the reserve, the liquidity facility and the guarantor, in the step's order."""
        o = self.ops
        got = o.zero() if o.vector else 0
        for source in step.support:
            need = short - got
            if source == "reserve":
                d = o.minimum(need, self.reserve)
                self.reserve = self.reserve - d
                self.row["draw_reserve"] = self.row["draw_reserve"] + d
            elif source == "liquidity":
                d = o.minimum(need, o.maximum(self.s.liquidity_limit_fen - self.liq, 0))
                self.liq = self.liq + d
                self.row["draw_liquidity"] = self.row["draw_liquidity"] + d
                self.tot.liquidity_drawn = self.tot.liquidity_drawn + d
            else:
                d = need if self.guar_left is None else o.minimum(need, self.guar_left)
                if self.guar_left is not None:
                    self.guar_left = self.guar_left - d
                self.row["guarantor"] = self.row["guarantor"] + d
                self.tot.guarantor_paid = self.tot.guarantor_paid + d
            got = got + d
        return got

    def _sweep(self, t: int) -> None:
        """The last period: every fen left pays principal by seniority, then the most junior tranche."""
        o = self.ops
        left = self.acc["interest"] + self.acc["principal"] + self.reserve
        self.acc = {"interest": o.zero(), "principal": o.zero()}
        self.reserve = o.zero() if o.vector else 0
        for n in self.names:
            p = o.minimum(left, self.bal[n])
            self._principal(n, p, t)
            left = left - p
        juniors = [t.name for t in self.s.tranches if t.subordinated] or self.names
        self._residual(juniors[-1], left)

    # -- bookkeeping ---------------------------------------------------------------------------------------
    def _close_period(self, t: int, start: Any, inflow: Any, metrics: dict[str, Any], active: Any) -> None:
        o, row = self.ops, self.row
        for n in self.names:
            self.short[n] = self.due[n]
            row["tranches"][n]["balance"] = self.bal[n]
        for f in self.s.fees:
            self.fee_unpaid[f.name] = self.fee_due[f.name]
        senior_short = self._sum(self.short[n] for n in self.senior)
        self.tot.senior_short_periods = self.tot.senior_short_periods + o.where(senior_short > 0, 1, 0)
        paid = (self._sum(row["fees"].values()) + row["repay_liquidity"]
                + self._sum(row["tranches"][n][k] for n in self.names
                            for k in ("interest_paid", "principal_paid", "residual_paid")))  # fmt: skip
        gap = inflow + row["draw_liquidity"] + row["guarantor"] - paid - (self._cash() - start)
        if (abs(gap).max() > 0.5) if o.vector else gap != 0:
            raise refuse("not_conserved", "the waterfall lost or created money", period=t)
        if self.keep:
            row.update(accounts={k: v for k, v in self.acc.items()}, reserve=self.reserve, liquidity=self.liq,
                       triggers=list(self.state), active=active, metrics=metrics, inflow=inflow)  # fmt: skip
            self.tot.rows.append(row)

    def _cash(self) -> Any:
        return self.acc["interest"] + self.acc["principal"] + self.reserve

    def _sum(self, values: Any) -> Any:
        total = self.ops.zero() if self.ops.vector else 0
        for v in values:
            total = total + v
        return total

    def _split(self, cash: Any, weights: list[Any]) -> list[Any]:
        """Share ``cash`` in proportion to ``weights``; the last share takes the rounding."""
        if len(weights) == 1:
            return [cash]
        whole = self._sum(weights)
        shares = [self.ops.share(cash, w, whole) for w in weights[:-1]]
        return [*shares, cash - self._sum(shares)]


def _monthly(bp: int) -> Decimal:
    return max(Decimal(bp), Decimal(0)) / Decimal(120_000)
