"""Golden scenario: the same year of mixed activity in four provinces, both views worked by hand from the factor
tables in ``data/accounting/``, and the compliance, surplus and penalty that follow. Fails if a factor choice
or a rounding rule changes.

Activity (each enterprise, each year): 999,000 kWh grid electricity; 10 t diesel; 5 × 10^4 Nm3 natural gas;
an R-410A chiller, 100 kg charge, 5 % annual leak.

By hand (t; kgCO2e at rest are rounded half up once, at the end):
  diesel      10 t × 43.33 GJ/t × 0.0202 tC/GJ × 0.98 × 44/12          = 31.451224933…
  natural gas 5 × 389.31 GJ × 0.0153 tC/GJ × 0.99 × 44/12              = 108.10944045
  fuels                                                                = 139.560665383…
  R-410A      100 kg × 0.05 = 5 kg → 2.5 kg HFC-32 × 677 + 2.5 kg HFC-125 × 3,170 (AR5) = 9.6175
              (the China regulatory view counts CO2 only: 0)
  electricity 999 MWh × grid factor:
    China view, ETS unit: prescribed grid.cn.ets_compliance.2022 0.5703      = 569.7297
    China view, other:    grid.cn.national.2023 0.5306 (2023)             = 530.0694
    GHG location 2023, the reporting year at the most local level that has it:
      Guangdong → grid.cn.south.2023 0.4042 (no Guangdong 2023)          = 403.7958
      Beijing   → grid.cn.north.2023 0.6361                             = 635.4639
      Shanghai  → grid.cn.east.2023 0.5500                              = 549.45
      Sichuan   → grid.cn.southwest.2023 0.2472                         = 246.9528
    GHG location 2022, Guangdong → grid.cn.guangdong.2022 0.4403        = 439.8597
    GHG market: residual mix 2023 0.6096 / 2022 0.5856                   = 608.9904 / 585.0144
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from tanxin.accounting import services as accounting
from tanxin.common.identifiers import make_uscc
from tanxin.market.models import PricePoint
from tanxin.orgs.models import Jurisdiction, Membership, Organisation, User
from tanxin.registry import facts as registry_facts
from tanxin.registry import services as registry
from tanxin.registry import store

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")

FUELS_KG = Decimal("139560.665383")  # rounded here only for the comments; the tests compare whole kg
PLACES = {
    # division code: (name, province, region, ETS scheme)
    "440305": ("南山区", "GD", "SOUTH", "shenzhen"),
    "110105": ("朝阳区", "BJ", "NORTH", "national"),
    "310115": ("浦东新区", "SH", "EAST", "none"),
    "510104": ("锦江区", "SC", "SOUTHWEST", "none"),
}
# Whole kgCO2e, by hand (see the module docstring): China view, GHG location, GHG market.
EXPECTED_2023 = {
    "440305": (709_290, 552_974, 758_169),  # 139,560.665 + 569,729.7 | 149,178.165 + 403,795.8 | + 608,990.4
    "110105": (709_290, 784_642, 758_169),  # national ETS unit: the same prescribed factor | + 635,463.9
    "310115": (669_630, 698_628, 758_169),  # not in a scheme: national average 530,069.4 | + 549,450.0
    "510104": (669_630, 396_131, 758_169),  # | + 246,952.8
}
FACTOR_2023 = {"440305": "grid.cn.south.2023", "110105": "grid.cn.north.2023", "310115": "grid.cn.east.2023",
               "510104": "grid.cn.southwest.2023"}


def _jurisdiction(code: str, name: str) -> Jurisdiction:
    found = Jurisdiction.objects.filter(code=code).first()
    return found or Jurisdiction.objects.create(code=code, level="district", name_zh=name, name_en=name)


def _enterprise(code: str) -> tuple[Organisation, User]:
    name, _province, _region, ets = PLACES[code]
    org = Organisation.objects.create(kind="enterprise", name_zh=f"{name}黄金样例企业", name_en=f"Golden {code}",
                                      jurisdiction=_jurisdiction(code, name), uscc=make_uscc("91", code, "MA7G0001"),
                                      enterprise_type="production", ets=ets, key_emitter=ets != "none")  # fmt: skip
    user = User.objects.create_user(username=f"golden{code}", password="x", display_name=f"golden{code}")
    Membership.objects.create(user=user, organisation=org, role="admin")
    return org, user


def _sources(org: Organisation, user: User) -> dict:
    def source(name: str, source_type: str, category: str, subject: str = ""):
        return accounting.create_source(user, org.pk, {"name": name, "source_type": source_type,
                                                       "category": category, "subject": subject})  # fmt: skip

    return {"grid": source("市电", "electricity", "building"),
            "diesel": source("柴油叉车", "fuel_combustion", "vehicle", "DIESEL"),
            "gas": source("燃气锅炉", "fuel_combustion", "boiler", "NATURAL_GAS"),
            "chiller": source("冷水机组", "refrigerant", "chiller", "R-410A")}  # fmt: skip


def _year_of_activity(user: User, sources: dict, year: int) -> None:
    for month in range(1, 13):  # 83,250 kWh a month = 999 MWh
        accounting.save_line(user, sources["grid"].pk, {"year": year, "month": month, "quantity": "83250",
                                                        "unit": "kWh"})  # fmt: skip
    # the fuels as yearly totals written two other ways: kilograms and 万Nm3
    accounting.save_line(user, sources["diesel"].pk, {"year": year, "month": 6, "quantity": "10000", "unit": "kg"})
    accounting.save_line(user, sources["gas"].pk, {"year": year, "month": 6, "quantity": "5", "unit": "万Nm3"})
    accounting.save_line(user, sources["chiller"].pk, {"year": year, "kind": "refrigerant_leak", "charge": "100",
                                                       "unit": "kg", "leak_rate": "0.05"})  # fmt: skip


@pytest.fixture
def enterprises(db):
    made = {}
    for code in PLACES:
        org, user = _enterprise(code)
        sources = _sources(org, user)
        _year_of_activity(user, sources, 2023)
        made[code] = (org, user, sources)
    return made


@pytest.mark.parametrize("code", list(PLACES))
def test_both_views_match_the_hand_calculation_in_every_province(enterprises, code):
    inputs = accounting.report_inputs(enterprises[code][0].pk, 2023)
    china, location, market = EXPECTED_2023[code]
    assert inputs["total_kg"] == {"china_regulatory": china, "ghg_protocol_location": location,
                                  "ghg_protocol_market": market}  # fmt: skip
    _name, province, region, _ets = PLACES[code]
    assert (inputs["place"]["province"], inputs["place"]["grid_region"]) == (province, region)
    choices = {c["id"]: c for c in inputs["views"]["ghg_protocol"]["factor_choices"]}
    assert FACTOR_2023[code] in choices and choices[FACTOR_2023[code]]["level"] == "regional"
    assert choices[FACTOR_2023[code]]["confidence"] == "V" and not choices[FACTOR_2023[code]]["provisional"]
    # gases: mass and CO2e per gas, both (GHG view)
    mass, co2e = inputs["by_gas_mass_kg"]["ghg_protocol_location"], inputs["by_gas_co2e_kg"]["ghg_protocol_location"]
    assert (mass["HFC-32"], mass["HFC-125"]) == (3, 3)  # 2.5 kg each, shown as whole kg half up
    assert (co2e["HFC-32"], co2e["HFC-125"]) == (1_693, 7_925)  # 1,692.5 → 1,693 and 7,925
    assert inputs["by_gas_co2e_kg"]["china_regulatory"] == {"CO2": china}


def test_guangdong_2022_uses_the_reporting_years_provincial_factor(enterprises):
    org, user, sources = enterprises["440305"]
    _year_of_activity(user, sources, 2022)
    inputs = accounting.report_inputs(org.pk, 2022)
    # 149,178.165 + 999 × 440.3 = 589,037.865 | + 999 × 585.6 = 734,192.565 | China: the same ETS factor
    assert inputs["total_kg"] == {"china_regulatory": 709_290, "ghg_protocol_location": 589_038,
                                  "ghg_protocol_market": 734_193}  # fmt: skip
    [grid] = [c for c in inputs["views"]["ghg_protocol"]["factor_choices"] if c["id"].startswith("grid.cn.guangdong")]
    assert (grid["id"], grid["level"], grid["confidence"]) == ("grid.cn.guangdong.2022", "provincial", "V-3p")
    assert inputs["previous_year_total_kg"] is None and accounting.report_inputs(org.pk, 2023)[
        "previous_year_total_kg"] == 709_290


def _weekday_prices(instrument: str, start: date, end: date, price_fen: int) -> None:
    rows, day = [], start
    while day <= end:
        if day.weekday() < 5:
            rows.append(PricePoint(instrument=instrument, day=day, open_fen=price_fen, close_fen=price_fen,
                                   volume_t=1000, turnover_fen=price_fen * 1000, source="golden"))  # fmt: skip
        day += timedelta(days=1)
    PricePoint.objects.bulk_create(rows)


def _bureau(code: str) -> Organisation:
    j = Jurisdiction.objects.get(code=code)
    return Organisation.objects.create(kind="bureau", name_zh=f"{j.name_zh}生态环境局", jurisdiction=j,
                                       uscc=make_uscc("11", code, "MB7G0001"))  # fmt: skip


def test_compliance_surplus_and_penalty_follow_from_the_verified_figures(enterprises):
    root = User.objects.create_superuser("golden_root", "root@golden.invalid", "x")
    gd, bj = enterprises["440305"][0], enterprises["110105"][0]
    for org in (gd, bj):
        kg = accounting.report_inputs(org.pk, 2023)["total_kg"]["china_regulatory"]
        registry.record_verified_emissions(org.pk, 2023, Decimal(kg) / 1000, root)
    # 709,290 kg → 710 t: rounded once, from kg, up (half up would have given 709)
    assert registry_facts.position(gd.pk, 2023).obligation_t == 710
    assert registry_facts.position(bj.pk, 2023).obligation_t == 710
    for code, org, instrument, allocated in (("440305", gd, "SZA-2023", 650), ("110105", bj, "CEA-2023", 800)):
        bureau = _bureau(code)
        registry.bureau_accounts(bureau)
        account = registry.holding_account(org)
        with store.backdated(datetime(2024, 3, 1, 10, tzinfo=TZ)):
            registry.issue(root, bureau.jurisdiction_id, instrument, 10_000, reason="golden cap")
            registry.allocate(root, account.pk, instrument, allocated, "pre_allocation", reason="golden")
        with store.backdated(datetime(2024, 7, 1, 10, tzinfo=TZ)):
            registry.surrender(root, account.pk, instrument, min(allocated, 710), 2023)
    # Shenzhen: 650 of 710 t surrendered → 60 t short after 30 August 2024; the average of the six calendar
    # months before August (Feb–Jul 2024, 42.50 CNY/t every weekday) → 3 × 42.50 × 60 = 7,650.00 CNY
    _weekday_prices("SZA", date(2024, 2, 1), date(2024, 7, 31), 4250)
    sz = registry_facts.position(gd.pk, 2023, as_of=date(2024, 9, 2))
    assert (sz.status, sz.shortfall_t, sz.penalty_fen, sz.surplus_t) == ("non_compliant", 60, 765_000, 0)
    # National: 710 of 800 surrendered before 31 December 2024 → compliant with 90 t surplus, all pledgeable
    cn = registry_facts.position(bj.pk, 2023, as_of=date(2025, 1, 5))
    assert (cn.status, cn.shortfall_t, cn.surplus_t, cn.penalty_fen) == ("compliant", 0, 90, None)
    assert cn.pledgeable_t == 90
