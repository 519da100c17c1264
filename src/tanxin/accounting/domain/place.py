"""Where an enterprise is, for factors looked up by place: its province and grid region.

The province is the first two digits of the jurisdiction's administrative division code (GB/T 2260:
440305 Nanshan → 44 Guangdong); the grid region comes from the versioned table
``data/accounting/provinces_grid_regions.csv``. Nothing is assumed: an unknown prefix gives no province
and no region, and the factor rule then falls back to the national level, visibly, in the trace.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Province:
    division_prefix: str  # "44"
    code: str  # "GD": the subject of grid_provincial factors
    name_zh: str
    name_en: str
    grid_region: str | None  # "SOUTH": the subject of grid_regional factors; None off the mainland grids
    table_version: str
    region_confidence: str


@dataclass(frozen=True)
class Place:
    """Province and region codes a ``CalcContext`` takes; both None when the division code is unknown."""

    province: str | None
    region: str | None
    division_code: str = ""
    table_version: str = ""


def place_for(division_code: str, provinces: Mapping[str, Province]) -> Place:
    prefix = (division_code or "")[:2]
    province = provinces.get(prefix)
    if province is None:
        return Place(None, None, division_code)
    return Place(province.code, province.grid_region, division_code, province.table_version)


def index(provinces: Iterable[Province]) -> dict[str, Province]:
    return {p.division_prefix: p for p in provinces}
