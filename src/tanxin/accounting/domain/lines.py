"""Activity lines: what an enterprise reports (quantities with units), validated on construction.

Every quantity is a Decimal ≥ 0 with a unit string; floats are refused because a ledger that
must reproduce a published total cannot carry binary rounding. Negative activity is never valid:
exports are their own ``direction``, not a negative purchase.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import cache

from tanxin.accounting.domain.errors import ActivityError


class Direction(StrEnum):
    PURCHASED = "purchased"
    EXPORTED = "exported"


class SourceType(StrEnum):
    FUEL_COMBUSTION = "fuel_combustion"
    ELECTRICITY = "electricity"
    HEAT = "heat"  # purchased heat, steam and hot water
    REFRIGERANT = "refrigerant"
    PROCESS_CARBONATE = "process_carbonate"


# Fields that hold a quantity and must be non-negative Decimals; fractions must also be ≤ 1.
_FRACTIONS = frozenset({"leak_rate", "purity", "measured_oxidation"})
_NUMERIC = frozenset({
    "quantity", "density_kg_per_l", "measured_ncv", "measured_cc", "green_quantity", "enthalpy_kj_per_kg",
    "pressure_mpa", "charge", "stock_start", "stock_end", "purchased", "recovered",
    "new_equipment_charge", "retired_equipment_charge",
}) | _FRACTIONS
# Temperatures may legitimately be anything physical; they are checked by the calculators.
_SIGNED = frozenset({"temperature_c"})
_PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def _as_decimal(name: str, value: object) -> Decimal:
    if isinstance(value, float | bool) or not isinstance(value, Decimal | int | str):
        raise ActivityError("not_a_number", field=name)
    try:
        result = Decimal(value)
    except InvalidOperation:
        raise ActivityError("not_a_number", field=name) from None
    if not result.is_finite():
        raise ActivityError("not_a_number", field=name)
    return result


_CHECKED = _NUMERIC | _SIGNED
# The same sets, for builders that must apply the same rules (``accounting.ledger.lean_line``).
FRACTION_FIELDS, NUMERIC_FIELDS, SIGNED_FIELDS = _FRACTIONS, _NUMERIC, _SIGNED


@cache
def _checked_fields(cls: type) -> tuple[str, ...]:
    """Names of a line class's numeric fields, worked out once per class (lines are built in bulk)."""
    return tuple(f.name for f in fields(cls) if f.name in _CHECKED)


class _Validated:
    """Mixin: coerce numeric fields to Decimal and refuse negatives and fractions outside [0, 1]."""

    def __post_init__(self) -> None:
        period = getattr(self, "period", None)
        if period is not None and not _PERIOD.match(period):
            raise ActivityError("invalid_period", period=period)
        for name in _checked_fields(type(self)):
            value = getattr(self, name)
            if value is None:
                continue
            number = _as_decimal(name, value)
            if name in _NUMERIC and number < 0:
                raise ActivityError("negative_quantity", field=name, value=number)
            if name in _FRACTIONS and number > 1:
                raise ActivityError("fraction_out_of_range", field=name, value=number)
            object.__setattr__(self, name, number)


@dataclass(frozen=True)
class FuelCombustion(_Validated):
    """Stationary or mobile combustion. Measured NCV / carbon content / oxidation override defaults
    and are expressed in the default factor's unit (GJ/t or GJ/10^4 Nm3, tC/GJ, fraction)."""

    line_id: str
    fuel: str  # subject code in the factor library: DIESEL, NATURAL_GAS, ...
    quantity: Decimal
    unit: str
    density_kg_per_l: Decimal | None = None  # required when a liquid is reported by volume
    measured_ncv: Decimal | None = None
    measured_cc: Decimal | None = None
    measured_oxidation: Decimal | None = None
    period: str | None = None  # "2024-03" for monthly data, None for an annual figure
    facility: str = ""
    scope: int | None = None  # override, e.g. 3 for fuel burnt by a contractor


@dataclass(frozen=True)
class Electricity(_Validated):
    """Grid electricity. ``green_quantity`` (same unit) is covered by green-power contracts or
    certificates (绿电/绿证) and counts as zero in the market-based method."""

    line_id: str
    quantity: Decimal
    unit: str
    direction: Direction = Direction.PURCHASED
    green_quantity: Decimal = Decimal(0)
    period: str | None = None
    facility: str = ""
    scope: int | None = None


@dataclass(frozen=True)
class Heat(_Validated):
    """Heat metered in energy units (GJ, or anything pint converts to GJ)."""

    line_id: str
    quantity: Decimal
    unit: str
    direction: Direction = Direction.PURCHASED
    period: str | None = None
    facility: str = ""
    scope: int | None = None


@dataclass(frozen=True)
class Steam(_Validated):
    """Steam by mass. Give ``enthalpy_kj_per_kg``, or a pressure for saturated steam (absolute
    unless ``pressure_is_gauge``); a temperature above saturation needs an explicit enthalpy."""

    line_id: str
    quantity: Decimal
    unit: str
    enthalpy_kj_per_kg: Decimal | None = None
    pressure_mpa: Decimal | None = None
    pressure_is_gauge: bool = False
    temperature_c: Decimal | None = None
    direction: Direction = Direction.PURCHASED
    period: str | None = None
    facility: str = ""
    scope: int | None = None


@dataclass(frozen=True)
class HotWater(_Validated):
    line_id: str
    quantity: Decimal
    unit: str
    temperature_c: Decimal
    direction: Direction = Direction.PURCHASED
    period: str | None = None
    facility: str = ""
    scope: int | None = None


@dataclass(frozen=True)
class RefrigerantLeakRate(_Validated):
    """Installed charge × annual leak rate (screening method)."""

    line_id: str
    substance: str  # a gas in the GWP table (HFC-134a) or a blend (R-410A)
    charge: Decimal
    unit: str
    leak_rate: Decimal
    period: str | None = None
    facility: str = ""
    scope: int | None = None


@dataclass(frozen=True)
class RefrigerantMassBalance(_Validated):
    """Emitted = (stock_start − stock_end) + (purchased − recovered)
    + (retired_equipment_charge − new_equipment_charge), all in ``unit``."""

    line_id: str
    substance: str
    unit: str
    stock_start: Decimal = Decimal(0)
    stock_end: Decimal = Decimal(0)
    purchased: Decimal = Decimal(0)
    recovered: Decimal = Decimal(0)
    new_equipment_charge: Decimal = Decimal(0)
    retired_equipment_charge: Decimal = Decimal(0)
    period: str | None = None
    facility: str = ""
    scope: int | None = None


@dataclass(frozen=True)
class Carbonate(_Validated):
    """Process CO2 from calcining a carbonate: mass × purity × stoichiometric factor."""

    line_id: str
    carbonate: str  # CaCO3, MgCO3, CaMg(CO3)2, Na2CO3, ...
    quantity: Decimal
    unit: str
    purity: Decimal = Decimal(1)
    period: str | None = None
    facility: str = ""
    scope: int | None = None


ActivityLine = (
    FuelCombustion | Electricity | Heat | Steam | HotWater | RefrigerantLeakRate
    | RefrigerantMassBalance | Carbonate
)
