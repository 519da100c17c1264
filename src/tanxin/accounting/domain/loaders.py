"""Read the reference CSVs in ``data/accounting/`` into factor-library dataclasses.

Pure: each loader takes a ``Path`` (read as UTF-8) or the CSV text itself, so tests and the
Django import command can feed uploaded content without touching the file system.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal, InvalidOperation
from pathlib import Path

from tanxin.accounting.domain.errors import FactorError
from tanxin.accounting.domain.factors import (
    GWP_SETS,
    Blend,
    Factor,
    FactorSnapshot,
    GwpSet,
    Parameter,
    SteamRow,
    make_snapshot,
)
from tanxin.accounting.domain.place import Province

Source = Path | str  # a Path is read from disk; a str is the CSV content


def _rows(source: Source, name: str) -> list[dict[str, str]]:
    text = source.read_text(encoding="utf-8-sig") if isinstance(source, Path) else source
    return list(csv.DictReader(io.StringIO(text)))


def _decimal(raw: str, name: str, row: int) -> Decimal:
    try:
        value = Decimal(raw.strip())
    except InvalidOperation:
        raise FactorError("csv_invalid", name=name, row=row, problem=f"not a number: {raw!r}") from None
    if not value.is_finite():
        raise FactorError("csv_invalid", name=name, row=row, problem=f"not finite: {raw!r}")
    return value


def load_factors(source: Source) -> list[Factor]:
    factors = []
    for i, r in enumerate(_rows(source, "emission_factors"), start=2):
        year = r["data_year"].strip()
        factors.append(Factor(
            id=r["factor_id"], family=r["family"], subject=r["subject_code"],
            year=int(year) if year else None,
            value=_decimal(r["value"], "emission_factors", i), unit=r["unit"],
            source=f'{r["publisher"]}: {r["method_document"]}; {r["source_ref"]}',
            confidence=r["confidence"], name_zh=r["subject_zh"], name_en=r["subject_en"],
            notes=r.get("notes", ""),
        ))
    ids = [f.id for f in factors]
    if len(ids) != len(set(ids)):
        raise FactorError("csv_invalid", name="emission_factors", row="-", problem="duplicate factor_id")
    return factors


def load_gwp_sets(source: Source) -> list[GwpSet]:
    """One ``GwpSet`` per column; an empty cell means the report gave no value for that gas."""
    rows = _rows(source, "gwp_100yr")
    sets = []
    for set_name in GWP_SETS:
        values = {
            r["gas"]: _decimal(r[set_name], "gwp_100yr", i)
            for i, r in enumerate(rows, start=2) if r[set_name].strip()
        }
        sets.append(GwpSet(set_name, values, source=f"IPCC {set_name}, 100-year"))
    return sets


def load_blends(source: Source) -> list[Blend]:
    blends = []
    for i, r in enumerate(_rows(source, "refrigerant_blends"), start=2):
        components = []
        for part in r["components_mass_fraction"].split(";"):
            gas, fraction = part.split(":")
            components.append((gas.strip(), _decimal(fraction, "refrigerant_blends", i)))
        if sum(f for _, f in components) != 1:
            raise FactorError("csv_invalid", name="refrigerant_blends", row=i,
                              problem="fractions must sum to 1")
        blends.append(Blend(r["blend"], tuple(components), r.get("notes", "")))
    return blends


def load_parameters(source: Source) -> list[Parameter]:
    return [
        Parameter(r["parameter_id"], _decimal(r["value"], "parameters", i), r["unit"],
                  r["source_ref"], r["confidence"])
        for i, r in enumerate(_rows(source, "parameters"), start=2)
    ]


def load_steam_table(source: Source) -> list[SteamRow]:
    return [
        SteamRow(
            pressure_mpa=_decimal(r["pressure_mpa_abs"], "steam_saturated", i),
            saturation_c=_decimal(r["saturation_temperature_c"], "steam_saturated", i),
            enthalpy_kj_per_kg=_decimal(r["enthalpy_saturated_vapour_kj_per_kg"], "steam_saturated", i),
            source=r["source_ref"], confidence=r["confidence"],
        )
        for i, r in enumerate(_rows(source, "steam_saturated"), start=2)
    ]


def load_snapshot(directory: Path) -> FactorSnapshot:
    """Everything in ``data/accounting/`` as one frozen snapshot."""
    return make_snapshot(
        factors=load_factors(directory / "emission_factors.csv"),
        gwp_sets=load_gwp_sets(directory / "gwp_100yr.csv"),
        blends=load_blends(directory / "refrigerant_blends.csv"),
        parameters=load_parameters(directory / "parameters.csv"),
        steam_table=load_steam_table(directory / "steam_saturated.csv"),
    )


def load_provinces(source: Source) -> list[Province]:
    """China's provincial-level divisions with their grid region (``provinces_grid_regions.csv``)."""
    provinces = []
    for i, r in enumerate(_rows(source, "provinces_grid_regions"), start=2):
        prefix = r["division_prefix"].strip()
        if len(prefix) != 2 or not prefix.isdigit() or not r["province_code"].strip():
            raise FactorError("csv_invalid", name="provinces_grid_regions", row=i, problem=f"bad row {prefix!r}")
        provinces.append(Province(
            division_prefix=prefix, code=r["province_code"].strip(), name_zh=r["name_zh"], name_en=r["name_en"],
            grid_region=r["grid_region"].strip() or None, table_version=r["table_version"].strip(),
            region_confidence=r["region_confidence"].strip(),
        ))
    prefixes = [p.division_prefix for p in provinces]
    if len(prefixes) != len(set(prefixes)):
        raise FactorError("csv_invalid", name="provinces_grid_regions", row="-", problem="duplicate division_prefix")
    return provinces
