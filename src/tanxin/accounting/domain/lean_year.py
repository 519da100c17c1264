"""An enterprise-year from lean line outcomes: the totals, line results and quality report that
``inventory.summarize``, ``calculation.YearResult.line_results`` and ``quality.assess`` give on full
results. Sums run over the lines in the same order as there, so every total is the identical Decimal.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import NamedTuple

from tanxin.accounting.domain.calc.base import CalcContext, ViewPolicy
from tanxin.accounting.domain.errors import ActivityError
from tanxin.accounting.domain.factors import FactorChoice, FactorSnapshot
from tanxin.accounting.domain.inventory import Totals
from tanxin.accounting.domain.lean import ZERO, LeanCalculator, LineOutcome, Slot
from tanxin.accounting.domain.lines import ActivityLine
from tanxin.accounting.domain.quality import (
    QualityParams,
    QualityReport,
    check_factors,
    check_measured_factors,
    check_months,
    check_parameters,
    check_results,
    score,
)

# The three totals a stored inventory keeps, in ``calculation.TOTAL_KEYS`` order.
TOTAL_KEYS = ("china_regulatory", "ghg_protocol_location", "ghg_protocol_market")


class _Sum:
    """``inventory.summarize`` one line at a time."""

    __slots__ = ("by_gas", "by_gas_co2e", "by_scope", "by_source", "memo")

    def __init__(self) -> None:
        self.by_scope: dict[int, Decimal] = {1: ZERO, 2: ZERO, 3: ZERO}
        self.by_source: dict[str, Decimal] = {}
        self.by_gas: dict[str, Decimal] = {}
        self.by_gas_co2e: dict[str, Decimal] = {}
        self.memo: dict[str, Decimal] = {}

    def add(self, slot: Slot) -> None:
        co2e = slot.co2e_kg
        by_scope, by_source, by_gas, by_gas_co2e = self.by_scope, self.by_source, self.by_gas, self.by_gas_co2e
        by_scope[slot.scope] = by_scope.get(slot.scope, ZERO) + co2e
        by_source[slot.source_type] = by_source.get(slot.source_type, ZERO) + co2e
        for gas, kg in slot.gases_kg:
            by_gas[gas] = by_gas.get(gas, ZERO) + kg
        for gas, kg in slot.co2e_by_gas_kg:
            by_gas_co2e[gas] = by_gas_co2e.get(gas, ZERO) + kg
        if slot.memo_kg:
            memo = self.memo
            for gas, kg in slot.memo_kg:
                memo[gas] = memo.get(gas, ZERO) + kg

    def totals(self) -> Totals:
        return Totals(sum(self.by_scope.values(), ZERO), self.by_scope, self.by_source, self.by_gas,
                      self.by_gas_co2e, self.memo)  # fmt: skip


class ChinaResult(NamedTuple):
    """What ``quality.check_results`` reads of a China-view line result."""

    line_id: str
    co2e_kg: Decimal
    scope: int
    source_type: str
    scope2_method: str | None


class LeanYear(NamedTuple):
    totals: dict[str, Totals]  # by TOTAL_KEYS
    line_results: dict[str, list[Decimal]]  # line id -> [China, GHG location, GHG market] kgCO2e
    quality: QualityReport


def lean_year(
    lines: Sequence[ActivityLine], snapshot: FactorSnapshot, policies: tuple[ViewPolicy, ViewPolicy],
    context: CalcContext, calculator: LeanCalculator | None = None, params: QualityParams | None = None,
) -> LeanYear:
    """Both views' totals, each line's three results and the quality report for one enterprise-year.
    ``calculator`` may be shared by every enterprise-year with the same snapshot, year, policies and place."""
    calc = calculator or LeanCalculator(snapshot, policies, context)
    sums = (_Sum(), _Sum(), _Sum())
    china_sum, location_sum, market_sum = sums
    line_results: dict[str, list[Decimal]] = {}
    china_results: list[ChinaResult] = []
    choices: dict[tuple[str, int], FactorChoice] = {}
    for line in lines:
        if line.line_id in line_results:
            raise ActivityError("duplicate_line_id", line_id=line.line_id)
        outcome = calc.line(line)
        line_results[outcome.line_id] = _add(outcome, china_sum, location_sum, market_sum, china_results)
        for choice in outcome.choices:
            choices[(choice.factor.id, choice.reporting_year)] = choice
    p = params or QualityParams()
    year = context.reporting_year
    flags = (check_parameters(lines, p) + check_measured_factors(lines, snapshot, year, p)
             + check_months(lines, year, p) + check_results(china_results, p)  # type: ignore[arg-type]
             + check_factors(choices[k] for k in sorted(choices)))  # fmt: skip
    totals = {key: s.totals() for key, s in zip(TOTAL_KEYS, sums, strict=True)}
    return LeanYear(totals, line_results, QualityReport(tuple(flags), score(flags, p)))


def _add(outcome: LineOutcome, china_sum: _Sum, location_sum: _Sum, market_sum: _Sum,
         china_results: list[ChinaResult]) -> list[Decimal]:  # fmt: skip
    """Add a line to the three sums; its [China, location, market] kgCO2e as ``line_results`` adds them."""
    result = [ZERO, ZERO, ZERO]
    china, location, market = outcome.china, outcome.location, outcome.market
    if china is not None:
        china_sum.add(china)
        result[0] = ZERO + china.co2e_kg
        china_results.append(ChinaResult(outcome.line_id, china.co2e_kg, china.scope, china.source_type,
                                         outcome.china_method))  # fmt: skip
    if location is not None:
        location_sum.add(location)
        result[1] = ZERO + location.co2e_kg
    if market is not None:
        market_sum.add(market)
        result[2] = ZERO + market.co2e_kg
    return result
