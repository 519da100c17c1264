"""Two accounting dialects from one activity ledger (RULES §1).

- ``china_regulatory``: legal-person boundary (no scope 3), CO2 only unless a sector guideline adds
  a gas (configure ``non_co2_source_types``; those gases use SAR GWPs), net purchased electricity
  and heat (exports subtracted), the prescribed grid factor.
- ``ghg_protocol``: the Kyoto basket incl. NF3 with AR5 or AR6, scope 2 both location-based and
  market-based, scope 3 lines kept, exports not netted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from decimal import Decimal
from functools import lru_cache

from tanxin.accounting.domain.calc.base import (
    DEFAULT_SCOPE,
    KYOTO_GROUP,
    CalcContext,
    LineResult,
    ViewPolicy,
)
from tanxin.accounting.domain.calc.emission import Emission
from tanxin.accounting.domain.calc.energy import calculate_electricity, calculate_thermal
from tanxin.accounting.domain.calc.fuel import calculate_fuel
from tanxin.accounting.domain.calc.fugitive import calculate_refrigerant
from tanxin.accounting.domain.calc.process import calculate_carbonate
from tanxin.accounting.domain.errors import AccountingError, ActivityError
from tanxin.accounting.domain.factors import FactorSnapshot
from tanxin.accounting.domain.lines import (
    ActivityLine,
    Carbonate,
    Direction,
    Electricity,
    FuelCombustion,
    Heat,
    HotWater,
    RefrigerantLeakRate,
    RefrigerantMassBalance,
    SourceType,
    Steam,
)
from tanxin.accounting.domain.trace import Trace, TraceInput

CHINA_REGULATORY = "china_regulatory"
GHG_PROTOCOL = "ghg_protocol"


def china_regulatory(ets_covered: bool = True) -> ViewPolicy:
    """ETS entities use the prescribed ETS grid factor; others the national average (MEE/NBS)."""
    grid = ((("national", "grid_ets", "CN"), ("national", "grid_average", "CN")) if ets_covered
            else (("national", "grid_average", "CN"),))
    return ViewPolicy(
        name=CHINA_REGULATORY, gwp_set="SAR", non_co2_source_types=frozenset(), net_exports=True,
        scope2_methods=("prescribed",), include_scope3=False, grid_location=grid, grid_by_place=False,
    )


def ghg_protocol(gwp_set: str = "AR5") -> ViewPolicy:
    return ViewPolicy(
        name=GHG_PROTOCOL, gwp_set=gwp_set, non_co2_source_types=frozenset(SourceType),
        net_exports=False, scope2_methods=("location", "market"), include_scope3=True,
        grid_location=(("provincial", "grid_provincial", "{province}"), ("regional", "grid_regional", "{region}"),
                       ("national", "grid_average", "CN")),
    )


def view_policy(name: str, gwp_set: str | None = None, ets_covered: bool = True) -> ViewPolicy:
    if name == CHINA_REGULATORY:
        policy = china_regulatory(ets_covered)
    elif name == GHG_PROTOCOL:
        policy = ghg_protocol()
    else:
        raise AccountingError("unknown_view", view=name)
    return replace(policy, gwp_set=gwp_set) if gwp_set else policy


_SOURCE_TYPE: dict[type, SourceType] = {
    FuelCombustion: SourceType.FUEL_COMBUSTION,
    Electricity: SourceType.ELECTRICITY,
    Heat: SourceType.HEAT, Steam: SourceType.HEAT, HotWater: SourceType.HEAT,
    RefrigerantLeakRate: SourceType.REFRIGERANT, RefrigerantMassBalance: SourceType.REFRIGERANT,
    Carbonate: SourceType.PROCESS_CARBONATE,
}


def source_type_of(line: ActivityLine) -> SourceType:
    try:
        return _SOURCE_TYPE[type(line)]
    except KeyError:
        raise AccountingError("unknown_line_type", kind=type(line).__name__) from None


def calculate_line(
    line: ActivityLine, snapshot: FactorSnapshot, policy: ViewPolicy, context: CalcContext
) -> list[LineResult]:
    """Results for one line: one per scope-2 method for electricity, else one; none if out of boundary."""
    source_type = source_type_of(line)
    scope = line.scope or DEFAULT_SCOPE[source_type]
    if scope == 3 and not policy.include_scope3:
        return []
    return [_weigh(line, source_type, scope, em, snapshot, policy) for em in _emissions(
        line, snapshot, policy, context)]


# Source types whose raw emission (before a view filters gases and applies GWPs) does not depend on the
# view: computed once when several views are wanted. Heat joins them unless it is exported.
_VIEW_INDEPENDENT = frozenset({SourceType.FUEL_COMBUSTION, SourceType.REFRIGERANT, SourceType.PROCESS_CARBONATE})


def calculate_line_in_views(
    line: ActivityLine, snapshot: FactorSnapshot, policies: Sequence[ViewPolicy], context: CalcContext
) -> list[list[LineResult]]:
    """``calculate_line`` for several views at once (one result list per policy, same order), sharing
    the view-independent part of the calculation. Each view gets its own copy of the trace."""
    source_type = source_type_of(line)
    scope = line.scope or DEFAULT_SCOPE[source_type]
    shareable = source_type in _VIEW_INDEPENDENT or (
        source_type is SourceType.HEAT and getattr(line, "direction", None) is not Direction.EXPORTED)
    shared: list[Emission] | None = None
    results: list[list[LineResult]] = []
    for policy in policies:
        if scope == 3 and not policy.include_scope3:
            results.append([])
            continue
        if shareable:
            if shared is None:
                shared = _emissions(line, snapshot, policy, context)
            emissions = [_copy(e) for e in shared]
        else:
            emissions = _emissions(line, snapshot, policy, context)
        results.append([_weigh(line, source_type, scope, em, snapshot, policy) for em in emissions])
    return results


def _copy(emission: Emission) -> Emission:
    return Emission(dict(emission.gases_kg), Trace(list(emission.trace.steps)), list(emission.choices),
                    emission.scope2_method, emission.direction)


def calculate_lines_in_views(
    lines: Iterable[ActivityLine], snapshot: FactorSnapshot, policies: Sequence[ViewPolicy], context: CalcContext
) -> list[list[LineResult]]:
    """All lines in several views: one flat result list per policy."""
    seen: set[str] = set()
    results: list[list[LineResult]] = [[] for _ in policies]
    for line in lines:
        if line.line_id in seen:
            raise ActivityError("duplicate_line_id", line_id=line.line_id)
        seen.add(line.line_id)
        for bucket, line_results in zip(results, calculate_line_in_views(line, snapshot, policies, context),
                                        strict=True):
            bucket.extend(line_results)
    return results


def calculate_lines(
    lines: Iterable[ActivityLine], snapshot: FactorSnapshot, policy: ViewPolicy, context: CalcContext
) -> list[LineResult]:
    seen: set[str] = set()
    results: list[LineResult] = []
    for line in lines:
        if line.line_id in seen:
            raise ActivityError("duplicate_line_id", line_id=line.line_id)
        seen.add(line.line_id)
        results.extend(calculate_line(line, snapshot, policy, context))
    return results


def _emissions(
    line: ActivityLine, snapshot: FactorSnapshot, policy: ViewPolicy, context: CalcContext
) -> list[Emission]:
    # Dispatch on the exact type (a dict lookup) rather than a chain of isinstance checks: this runs
    # once per line per view in a bulk recompute.
    kind = _SOURCE_TYPE.get(type(line))
    if kind is SourceType.FUEL_COMBUSTION:
        return [calculate_fuel(line, snapshot, context)]  # type: ignore[arg-type]
    if kind is SourceType.ELECTRICITY:
        return [
            calculate_electricity(line, snapshot, context, method, policy,  # type: ignore[arg-type]
                                  policy.net_exports)
            for method in policy.scope2_methods
        ]
    if kind is SourceType.HEAT:
        return [calculate_thermal(line, snapshot, context, policy.net_exports)]  # type: ignore[arg-type]
    if kind is SourceType.REFRIGERANT:
        return [calculate_refrigerant(line, snapshot)]  # type: ignore[arg-type]
    if kind is SourceType.PROCESS_CARBONATE:
        return [calculate_carbonate(line, snapshot)]  # type: ignore[arg-type]
    raise AccountingError("unknown_line_type", kind=type(line).__name__)


def _weigh(
    line: ActivityLine, source_type: SourceType, scope: int, emission: Emission,
    snapshot: FactorSnapshot, policy: ViewPolicy,
) -> LineResult:
    """Keep the gases this view counts, set aside non-Kyoto gases, apply the view's GWP set."""
    gwps = snapshot.gwp_set(policy.gwp_set)
    trace = emission.trace
    counted: dict[str, Decimal] = {}
    memo: dict[str, Decimal] = {}
    for gas, kg in emission.gases_kg.items():
        if gas != "CO2" and source_type not in policy.non_co2_source_types:
            trace.note(f"{gas} not counted", f"{policy.name} counts only CO2 for {source_type}")
        elif gas not in KYOTO_GROUP:
            memo[gas] = kg
            trace.note(f"{gas} reported separately", "not a Kyoto gas (Montreal Protocol)")
        else:
            counted[gas] = kg
    by_gas: dict[str, Decimal] = {}
    for gas, kg in counted.items():
        gwp = gwps.gwp(gas)
        label, formula, mass_name, gwp_input = _gwp_wording(gas, gwps.name, gwp, gwps.source)
        by_gas[gas] = trace.step(label, formula, [TraceInput(mass_name, kg, "kg", "previous steps"), gwp_input],
                                 kg * gwp, "kgCO2e")
    total = sum(by_gas.values(), Decimal(0))
    return LineResult(
        line_id=line.line_id, source_type=source_type, scope=scope, gases_kg=counted,
        co2e_kg=total, gwp_set=policy.gwp_set, trace=trace, scope2_method=emission.scope2_method,
        direction=emission.direction, co2e_by_gas_kg=by_gas, memo_kg=memo,
        factor_choices=tuple(emission.choices), period=line.period,
    )


@lru_cache(maxsize=1024)
def _gwp_wording(gas: str, gwp_set: str, gwp: Decimal, source: str) -> tuple[str, str, str, TraceInput]:
    """The fixed words of a GWP step, built once per gas and set rather than once per line."""
    return (f"{gas} as CO2e", f"{gas} mass × GWP ({gwp_set})", f"{gas} mass",
            TraceInput(f"GWP {gas}", gwp, "kgCO2e/kg", source))
