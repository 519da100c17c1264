"""Units for activity data, including the Chinese statistical units (万kWh, 万Nm³, tce, 万元).

pint gives us dimensional analysis; we build the registry with ``non_int_type=Decimal`` so every
definition is parsed as a Decimal and conversion factors are computed as a ratio of Decimal root
factors. Powers of ten (kWh → MWh → 万kWh, kg → t) are therefore exact; nothing passes through a
float.

Only the units listed in ``_ALIASES`` are accepted. pint knows furlongs and fortnights, but a
regulatory ledger should refuse anything an enterprise would not legitimately report.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from functools import lru_cache

import pint

from tanxin.accounting.domain.errors import UnitError

# GB/T 2589: 1 kgce = 29 307.6 kJ (7000 kcal). Mirrors ``energy.kgce`` in data/accounting/parameters.csv;
# a test keeps the two in step because pint definitions must exist before any CSV is read.
KGCE_MJ = Decimal("29.3076")

_DEFINITIONS = (
    # Gas volumes are reported at standard conditions (0 °C, 101.325 kPa) by the guidelines, so a
    # normal cubic metre is treated as a plain cubic metre; the meter correction is upstream.
    "Nm3 = meter ** 3",
    "wan_Nm3 = 10000 * Nm3",
    "wan_kWh = 10000 * kilowatt_hour",
    "yi_kWh = 100000000 * kilowatt_hour",
    f"kgce = {KGCE_MJ} * megajoule",
    "tce = 1000 * kgce",
    "wan_tce = 10000 * tce",
    "yuan = [currency] = CNY",
    "wan_yuan = 10000 * yuan",
)

# Surface form (after NFKC normalisation and removal of spaces) -> canonical pint expression.
_ALIASES: dict[str, str] = {
    # energy
    "Wh": "watt_hour", "kWh": "kilowatt_hour", "MWh": "megawatt_hour", "GWh": "gigawatt_hour",
    "度": "kilowatt_hour", "千瓦时": "kilowatt_hour", "兆瓦时": "megawatt_hour",
    "万kWh": "wan_kWh", "10^4kWh": "wan_kWh", "万千瓦时": "wan_kWh", "万度": "wan_kWh",
    "亿kWh": "yi_kWh", "亿千瓦时": "yi_kWh",
    "MJ": "megajoule", "GJ": "gigajoule", "TJ": "terajoule", "吉焦": "gigajoule",
    "kgce": "kgce", "千克标准煤": "kgce", "tce": "tce", "吨标准煤": "tce", "吨标煤": "tce",
    "万tce": "wan_tce", "万吨标准煤": "wan_tce",
    # mass
    "g": "gram", "kg": "kilogram", "千克": "kilogram", "公斤": "kilogram",
    "t": "tonne", "吨": "tonne", "万t": "10000 * tonne", "万吨": "10000 * tonne",
    # volume (liquids and gases)
    "L": "liter", "l": "liter", "升": "liter", "m3": "meter ** 3", "立方米": "meter ** 3",
    "Nm3": "Nm3", "标准立方米": "Nm3", "标方": "Nm3",
    "万Nm3": "wan_Nm3", "10^4Nm3": "wan_Nm3", "万m3": "wan_Nm3", "10^4m3": "wan_Nm3",
    "万立方米": "wan_Nm3", "万标准立方米": "wan_Nm3", "万标方": "wan_Nm3",
    # area, money
    "m2": "meter ** 2", "平方米": "meter ** 2",
    "元": "yuan", "CNY": "yuan", "万元": "wan_yuan", "10^4CNY": "wan_yuan",
}

# Readable names for the dimensions we accept, used in traces and error details.
_DIMENSION_NAMES = {
    "[mass] * [length] ** 2 / [time] ** 2": "energy",
    "[mass]": "mass",
    "[length] ** 3": "volume",
    "[length] ** 2": "area",
    "[currency]": "currency",
}


def _build_registry() -> pint.UnitRegistry:
    registry = pint.UnitRegistry(non_int_type=Decimal)
    for definition in _DEFINITIONS:
        registry.define(definition)
    return registry


_REGISTRY = _build_registry()


def normalise(unit: str) -> str:
    """Fold full-width characters and superscripts (NFKC turns ``m³`` into ``m3``) and drop spaces."""
    return "".join(unicodedata.normalize("NFKC", unit).split())


def canonical_unit(unit: str) -> str:
    """The canonical pint expression for ``unit`` or ``UnitError(unknown_unit)``."""
    if not isinstance(unit, str):
        raise UnitError("unknown_unit", unit=unit)
    canonical = _ALIASES.get(normalise(unit))
    if canonical is None:
        raise UnitError("unknown_unit", unit=unit)
    return canonical


# Volumes that name a phase: a normal cubic metre is a gas volume (standard conditions only make sense for
# gases); a litre is how liquids are metered. A plain m³ stays neutral (gas meters and oil tanks both use it).
_GAS_VOLUMES = frozenset({"Nm3", "wan_Nm3"})
_LIQUID_VOLUMES = frozenset({"liter"})


def phase_of_volume(unit: str) -> str | None:
    """``gas`` for Nm³-family units, ``liquid`` for litres, None for any other unit (m³ included)."""
    canonical = canonical_unit(unit)
    if canonical in _GAS_VOLUMES:
        return "gas"
    return "liquid" if canonical in _LIQUID_VOLUMES else None


def is_known_unit(unit: str) -> bool:
    try:
        canonical_unit(unit)
    except UnitError:
        return False
    return True


@lru_cache(maxsize=256)
def _root(canonical: str) -> tuple[Decimal, str]:
    # parse_expression keeps a numeric prefix such as "10000 * tonne" as the magnitude
    parsed = _REGISTRY.parse_expression(canonical)
    factor, root_units = _REGISTRY.get_root_units(parsed.units)
    return Decimal(factor) * Decimal(parsed.magnitude), str(root_units.dimensionality)


def dimension_of(unit: str) -> str:
    """``energy``, ``mass``, ``volume``, ``area`` or ``currency``."""
    dims = _root(canonical_unit(unit))[1]
    return _DIMENSION_NAMES.get(dims, dims)


@lru_cache(maxsize=1024)
def conversion_factor(unit: str, target: str) -> Decimal:
    """Decimal factor f such that ``value [unit] = value × f [target]``."""
    source_factor, source_dims = _root(canonical_unit(unit))
    target_factor, target_dims = _root(canonical_unit(target))
    if source_dims != target_dims:
        raise UnitError("dimension_mismatch", unit=unit, target=target)
    return source_factor / target_factor


def convert(value: Decimal, unit: str, target: str) -> Decimal:
    """Convert a Decimal quantity; the result is exact whenever the factor is a power of ten."""
    if isinstance(value, float):
        raise TypeError("floats are not exact; pass a Decimal")
    return Decimal(value) * conversion_factor(unit, target)
