"""The demo data's story checked against itself (``manage.py check_demo``).

Demo data is what every new user judges the platform by, so it must not contradict itself:

- every published annual disclosure is on the verified basis and was verified before it was published;
- every compliance obligation equals the enterprise's verified emissions of that year, unless the bureau
  overrode it by hand with a reason; a year without a verified figure has only a reasoned manual obligation;
- each year's volume-weighted average of the synthetic price series is within 10 % of the published level
  (RULES.md §3: CEA 2023–2025 VWAPs; SZA, for which no series was retrieved, against the eight pilot
  markets' 2025 average, and inside its demo band every year).

Support schemes sit above this module; that their applications score only facts that existed when the
window closed is asserted by the demo test (``tests/disclosure/test_check_demo.py``).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from tanxin.disclosure import facts
from tanxin.disclosure.domain.workflow import State
from tanxin.disclosure.models import Report, ReportVersion
from tanxin.market import facts as market
from tanxin.market.domain.prices import vwap_of
from tanxin.market.domain.reference import load_reference_levels
from tanxin.orgs.models import Organisation
from tanxin.registry import facts as registry

TOLERANCE = Decimal("0.10")
YEARS = (2023, 2024, 2025)


def problems() -> list[str]:
    return [*published_basis(), *obligations(YEARS), *price_levels(YEARS)]


def published_basis() -> list[str]:
    found = []
    rows = ReportVersion.objects.filter(state=State.PUBLISHED, report__kind=Report.Kind.ANNUAL)
    for v in rows.select_related("report"):
        if v.verified_kg is None:
            found.append(f"published report {v.pk} ({v.report.enterprise_id}, {v.report.year}) has no verified figure")
        elif v.verified_at is None or v.published_at is None or v.published_at < v.verified_at:
            found.append(f"published report {v.pk} was published before it was verified")
    return found


def obligations(years: Iterable[int]) -> list[str]:
    found = []
    members = list(Organisation.objects.filter(kind="enterprise", ets__in=registry.SCHEMES)
                   .values_list("pk", flat=True))  # fmt: skip
    for year in years:
        positions = registry.positions(members, year)
        for pk in members:
            pos, verified = positions[pk], facts.verified_emissions(pk, year)
            if pos.obligation_t is None:
                continue
            # The obligation is the verified kilograms rounded once, up, to whole tonnes (docs/numbers.md).
            due = -(-verified.kg // 1000) if verified is not None else None
            if due is not None and pos.obligation_t != due and not (
                    pos.obligation_source == "manual" and pos.obligation_reason.strip()):
                found.append(f"enterprise {pk} {year}: obligation {pos.obligation_t} t, verified {verified.kg} kg")
            if verified is None and not pos.obligation_reason.strip():
                found.append(f"enterprise {pk} {year}: obligation {pos.obligation_t} t without a verified figure "
                             "or a reason")
    return found


def yearly_vwap(instrument: str, year: int) -> Decimal | None:
    rows = [r for r in market.series(instrument).rows if r.day.year == year]
    return vwap_of(rows) if rows else None


def price_levels(years: Iterable[int]) -> list[str]:
    levels = load_reference_levels()
    found = []
    checks = [("CEA", y, levels.get(("CEA", str(y), "vwap"))) for y in years]
    checks.append(("SZA", 2025, levels.get(("PILOTS", "2025", "average"))))
    for instrument, year, level in checks:
        if level is None:
            continue
        vwap = yearly_vwap(instrument, year)
        if vwap is None:
            found.append(f"{instrument} {year}: no prices")
        elif abs(vwap - level.value) > TOLERANCE * level.value:
            found.append(f"{instrument} {year}: VWAP {vwap} is more than 10 % from the reference {level.value}")
    low, high = levels[("SZA", "demo", "band_low")].value, levels[("SZA", "demo", "band_high")].value
    for year in years:
        vwap = yearly_vwap("SZA", year)
        if vwap is not None and not low <= vwap <= high:
            found.append(f"SZA {year}: VWAP {vwap} outside the demo band {low}–{high}")
    return found
