"""Process CO2 from carbonates: mass × purity × stoichiometric factor (CaCO3 → 0.440 t CO2/t)."""

from __future__ import annotations

from tanxin.accounting.domain import units
from tanxin.accounting.domain.calc.base import KG_PER_T
from tanxin.accounting.domain.calc.emission import Emission
from tanxin.accounting.domain.errors import FactorError
from tanxin.accounting.domain.factors import FactorSnapshot
from tanxin.accounting.domain.lines import Carbonate
from tanxin.accounting.domain.trace import ACTIVITY, Trace, TraceInput, from_parameter


def calculate_carbonate(line: Carbonate, snapshot: FactorSnapshot) -> Emission:
    parameter_id = f"stoich.{line.carbonate}"
    if parameter_id not in snapshot.parameters:
        raise FactorError("unknown_carbonate", carbonate=line.carbonate)
    factor = snapshot.parameter(parameter_id)
    trace = Trace()
    tonnes = units.convert(line.quantity, line.unit, "t")
    co2_t = trace.step(
        "CO2 from carbonate", "carbonate mass [t] × purity × stoichiometric factor",
        [TraceInput(line.carbonate, tonnes, "t", ACTIVITY),
         TraceInput("purity", line.purity, "fraction", ACTIVITY),
         from_parameter("stoichiometric factor", factor)],
        tonnes * line.purity * factor.value, "tCO2",
    )
    return Emission({"CO2": co2_t * KG_PER_T}, trace)
