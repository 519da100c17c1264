"""A published figure recomputed outside the platform, from a bundle alone.

A bundle (``BUNDLE_FORMAT``) is plain JSON: the activity lines as stored, the whole factor library the
figure was computed with (factors with ids, values, sources and confidence tags, GWPs, blends, parameters,
the steam table), where the enterprise is (province and grid region), the rules applied (views, GWP sets,
whether the enterprise is in an emissions trading scheme, rounding) and the expected totals. ``recompute``
rebuilds the library, checks that its digest is the one the bundle names, and calculates both views again
with the same domain code the platform runs. Pure Python: ``python -m tanxin.accounting.domain.bundle FILE``
needs no database and no Django.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from tanxin.accounting.domain.calc import CalcContext, china_regulatory, ghg_protocol
from tanxin.accounting.domain.errors import AccountingError
from tanxin.accounting.domain.factors import (
    Blend,
    Factor,
    FactorSnapshot,
    GwpSet,
    Parameter,
    SteamRow,
    make_snapshot,
)
from tanxin.accounting.domain.inventory import build_inventories, to_kg_int
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
    Steam,
)

BUNDLE_FORMAT = "tanxin-figure-bundle/1"
LINE_CLASSES: Mapping[str, type] = {
    "fuel": FuelCombustion, "electricity": Electricity, "heat": Heat, "steam": Steam, "hot_water": HotWater,
    "refrigerant_leak": RefrigerantLeakRate, "refrigerant_balance": RefrigerantMassBalance, "carbonate": Carbonate,
}  # fmt: skip
SUBJECT_FIELD = {"fuel": "fuel", "refrigerant_leak": "substance", "refrigerant_balance": "substance",
                 "carbonate": "carbonate"}  # fmt: skip
RULES = {
    "china_regulatory": "legal-person boundary, CO2 only, SAR GWPs, net purchased electricity and heat, the "
                        "prescribed ETS grid factor for a unit in a trading scheme, else the national average",
    "ghg_protocol": "Kyoto gases with AR5 GWPs, scope 2 location-based (the reporting year's factor at the most "
                    "local level that has one) and market-based (residual mix), exports not netted",
    "rounding": "every step exact in Decimal; each total rounded once to whole kgCO2e, half up",
}  # fmt: skip


@dataclass(frozen=True)
class Recomputed:
    digest: str
    digest_matches: bool
    total_kg: dict[str, int]
    expected_total_kg: dict[str, int]

    @property
    def matches(self) -> bool:
        return self.digest_matches and self.total_kg == self.expected_total_kg


def snapshot_content(snapshot: FactorSnapshot) -> dict[str, Any]:
    """The library as JSON (decimals as text): exactly what its digest covers, so it rebuilds to that digest."""
    return json.loads(json.dumps(snapshot.canonical(), default=str))


def snapshot_from_content(content: Mapping[str, Any]) -> FactorSnapshot:
    factors = [Factor(id=f["id"], family=f["family"], subject=f["subject"], year=f["year"],
                      value=Decimal(str(f["value"])), unit=f["unit"], source=f["source"],
                      confidence=f["confidence"]) for f in content["factors"].values()]  # fmt: skip
    gwp = [GwpSet(name, {gas: Decimal(str(v)) for gas, v in values.items()}, source=f"IPCC {name}, 100-year")
           for name, values in content["gwp"].items()]  # fmt: skip
    blends = [Blend(name, tuple((gas, Decimal(str(share))) for gas, share in parts))
              for name, parts in content["blends"].items()]  # fmt: skip
    parameters = [Parameter(pid, Decimal(str(value)), unit, "", "") for pid, (value, unit) in
                  content["parameters"].items()]  # fmt: skip
    steam = [SteamRow(Decimal(str(p)), Decimal(str(t)), Decimal(str(h)), "", "") for p, t, h in content["steam"]]
    return make_snapshot(factors, gwp, blends, parameters, steam)


def line_from_row(row: Mapping[str, Any]) -> ActivityLine:
    """A stored activity row (id, kind, unit, data, year, month, subject, series) as a domain line."""
    kind = row["kind"]
    kwargs: dict[str, Any] = {}
    for key, value in (row.get("data") or {}).items():
        if value is None or value == "":
            continue
        kwargs[key] = Direction(value) if key == "direction" else value
    if kind in SUBJECT_FIELD:
        kwargs[SUBJECT_FIELD[kind]] = row["subject"]
    month = row["month"]
    return LINE_CLASSES[kind](line_id=str(row["id"]), unit=row["unit"],
                              period=f"{row['year']}-{month:02d}" if month else None,
                              facility=row.get("series", ""), **kwargs)  # fmt: skip


def recompute(bundle: Mapping[str, Any]) -> Recomputed:
    if bundle.get("format") != BUNDLE_FORMAT:
        raise AccountingError("unknown_bundle_format", found=str(bundle.get("format")))
    snapshot = snapshot_from_content(bundle["factor_library"])
    rules, place = bundle["rules"], bundle.get("place") or {}
    context = CalcContext(reporting_year=int(bundle["year"]), province=place.get("province"),
                          region=place.get("grid_region"))  # fmt: skip
    lines = tuple(line_from_row(row) for row in bundle["activity_lines"])
    china, ghg = build_inventories(lines, snapshot, (china_regulatory(bool(rules["ets_covered"])),
                                                     ghg_protocol(rules["ghg_gwp_set"])), context)  # fmt: skip
    totals = {
        "china_regulatory": to_kg_int(china.totals().total_co2e_kg),
        "ghg_protocol_location": to_kg_int(ghg.totals("location").total_co2e_kg),
        "ghg_protocol_market": to_kg_int(ghg.totals("market").total_co2e_kg),
    }
    expected = {k: int(v) for k, v in bundle["expected"]["total_kg"].items()}
    return Recomputed(snapshot.digest, snapshot.digest == bundle["snapshot_digest"], totals, expected)


def main(argv: list[str]) -> int:
    """``python -m tanxin.accounting.domain.bundle FILE``: prints the recomputed totals; exit 1 on a mismatch."""
    if len(argv) != 1:
        print("usage: python -m tanxin.accounting.domain.bundle BUNDLE.json", file=sys.stderr)
        return 2
    with open(argv[0], encoding="utf-8") as handle:
        result = recompute(json.load(handle))
    print(f"factor library digest {result.digest} {'matches' if result.digest_matches else 'DIFFERS'}")
    for key, value in result.total_kg.items():
        expected = result.expected_total_kg.get(key)
        print(f"{key}: {value} kgCO2e (expected {expected}) {'ok' if value == expected else 'MISMATCH'}")
    return 0 if result.matches else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
