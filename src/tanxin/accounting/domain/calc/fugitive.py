"""Refrigerant leaks: emitted mass split into pure gases (blends by mass fraction).

GWP weighting happens later, in the view, so the same gas masses serve SAR, AR5 and AR6.
"""

from __future__ import annotations

from decimal import Decimal

from tanxin.accounting.domain import units
from tanxin.accounting.domain.calc.emission import Emission
from tanxin.accounting.domain.errors import ActivityError, FactorError
from tanxin.accounting.domain.factors import FactorSnapshot
from tanxin.accounting.domain.lines import RefrigerantLeakRate, RefrigerantMassBalance
from tanxin.accounting.domain.trace import ACTIVITY, Trace, TraceInput


def components(snapshot: FactorSnapshot, substance: str) -> tuple[tuple[str, Decimal], ...]:
    """(gas, mass fraction) pairs: a blend's recipe, or the pure gas itself."""
    if substance in snapshot.blends:
        return snapshot.blends[substance].components
    if any(substance in g.values for g in snapshot.gwp_sets.values()):
        return ((substance, Decimal(1)),)
    raise FactorError("unknown_substance", substance=substance)


def blend_gwp(snapshot: FactorSnapshot, substance: str, gwp_set: str) -> Decimal:
    """Mass-weighted GWP, e.g. R-410A under AR5 = 0.5 × 677 + 0.5 × 3170 = 1923.5."""
    gwps = snapshot.gwp_set(gwp_set)
    return sum((fraction * gwps.gwp(gas) for gas, fraction in components(snapshot, substance)), Decimal(0))


def calculate_refrigerant(
    line: RefrigerantLeakRate | RefrigerantMassBalance, snapshot: FactorSnapshot
) -> Emission:
    trace = Trace()
    if isinstance(line, RefrigerantLeakRate):
        charge = units.convert(line.charge, line.unit, "kg")
        emitted = trace.step(
            "refrigerant emitted", "installed charge × annual leak rate",
            [TraceInput("installed charge", charge, "kg", ACTIVITY),
             TraceInput("leak rate", line.leak_rate, "fraction", ACTIVITY)],
            charge * line.leak_rate, "kg",
        )
    else:
        emitted = _mass_balance(line, trace)
    gases: dict[str, Decimal] = {}
    for gas, fraction in components(snapshot, line.substance):
        gases[gas] = gases.get(gas, Decimal(0)) + trace.step(
            f"{gas} emitted", f"{line.substance} emitted × mass fraction of {gas}",
            [TraceInput("refrigerant emitted", emitted, "kg", "previous step"),
             TraceInput("mass fraction", fraction, "fraction", f"blend {line.substance}")],
            emitted * fraction, "kg",
        )
    return Emission(gases, trace)


def _mass_balance(line: RefrigerantMassBalance, trace: Trace) -> Decimal:
    """GHG Protocol mass balance; a negative result means the stock records are wrong."""
    names = ("stock_start", "stock_end", "purchased", "recovered",
             "new_equipment_charge", "retired_equipment_charge")
    kg = {name: units.convert(getattr(line, name), line.unit, "kg") for name in names}
    emitted = (kg["stock_start"] - kg["stock_end"] + kg["purchased"] - kg["recovered"]
               + kg["retired_equipment_charge"] - kg["new_equipment_charge"])
    if emitted < 0:
        raise ActivityError("negative_mass_balance", value=emitted)
    return trace.step(
        "refrigerant emitted (mass balance)",
        "(stock start − stock end) + (purchased − recovered) + (retired charge − new charge)",
        [TraceInput(name.replace("_", " "), kg[name], "kg", ACTIVITY) for name in names],
        emitted, "kg",
    )
