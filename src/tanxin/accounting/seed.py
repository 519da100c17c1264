"""Demo accounting data: three years (2023–2025) of monthly activity for every demo enterprise, annual
statistics, and a few deliberate anomalies the quality checks catch (a spike, missing months, a measured
NCV far from the default, an implausible leak rate). Bulk inserts, then one bulk recompute."""

from __future__ import annotations

from typing import Any

from tanxin.accounting import evidence, services
from tanxin.accounting.models import ActivityLine, AnnualStatistics, EmissionSource, EvidenceFile
from tanxin.accounting.reference import load_reference

YEARS = (2023, 2024, 2025)
SIZE_SCALE = {"large": 8.0, "medium": 3.0, "small": 1.0, "micro": 0.4, "": 1.0}
YEAR_TREND = {2023: 1.0, 2024: 0.96, 2025: 0.93}
# Summer air conditioning in Shenzhen: electricity peaks in July and August.
SEASON = [0.85, 0.8, 0.9, 0.95, 1.05, 1.15, 1.25, 1.25, 1.15, 1.0, 0.9, 0.85]
LAB_REPORT = b"%PDF-1.4\n% Tanxin demo: fuel analysis report (synthetic)\n%%EOF\n"

# name_zh, name_en, source_type, category, subject, kind, unit, monthly base, extra data
COMMON = [
    ("市电", "Grid electricity", "electricity", "building", "", "electricity", "kWh", 60000, {}),
    ("公务车辆", "Company cars", "fuel_combustion", "vehicle", "GASOLINE", "fuel", "L", 800,
     {"density_kg_per_l": "0.737"}),
    ("员工食堂", "Staff canteen", "fuel_combustion", "kitchen", "NATURAL_GAS", "fuel", "m3", 1500, {}),
]  # fmt: skip
PRODUCTION = [
    ("燃气锅炉", "Gas boiler", "fuel_combustion", "boiler", "NATURAL_GAS", "fuel", "万Nm3", 1.5, {}),
    ("叉车与货车", "Forklifts and trucks", "fuel_combustion", "vehicle", "DIESEL", "fuel", "t", 3, {}),
]
STEAM = ("外购蒸汽", "Purchased steam", "heat", "process", "", "steam", "t", 120, {"pressure_mpa": "0.8"})
KILN = ("焙烧工序", "Calcining kiln", "process_carbonate", "process", "CaCO3", "carbonate", "t", 20, {"purity": "0.95"})
CHILLER = ("中央空调冷水机组", "Central chiller", "refrigerant", "chiller", "R-410A")


def _sources_for(org, index: int) -> list[tuple]:
    specs = list(COMMON)
    if org.enterprise_type == "production":
        specs += PRODUCTION
        if index % 3 == 0:
            specs.append(STEAM)
        if org.name_en and "Materials" in org.name_en:
            specs.append(KILN)
    return specs


def seed(ctx: Any) -> None:
    load_reference()
    rng = ctx.rng
    enterprises = list(ctx.enterprises)
    sources: list[EmissionSource] = []
    specs: dict[tuple[int, str], tuple] = {}
    for index, org in enumerate(enterprises):
        for spec in _sources_for(org, index):
            sources.append(EmissionSource(enterprise=org, name=spec[0], source_type=spec[2], category=spec[3],
                                          subject=spec[4], facility="" if spec[2] == "electricity" else "厂区"))
            specs[(org.pk, spec[0])] = spec
        sources.append(EmissionSource(enterprise=org, name=CHILLER[0], source_type=CHILLER[2], category=CHILLER[3],
                                      subject=CHILLER[4]))  # fmt: skip
    sources = EmissionSource.objects.bulk_create(sources)
    by_org: dict[int, list[EmissionSource]] = {}
    for s in sources:
        by_org.setdefault(s.enterprise_id, []).append(s)

    lines: list[ActivityLine] = []
    statistics: list[AnnualStatistics] = []
    for index, org in enumerate(enterprises):
        scale = SIZE_SCALE.get(org.size, 1.0) * rng.uniform(0.6, 1.4)
        for year in YEARS:
            trend = YEAR_TREND[year]
            for source in by_org[org.pk]:
                if source.source_type == "refrigerant":
                    leak = "0.45" if index == 5 and year == 2025 else f"{rng.uniform(0.02, 0.08):.3f}"
                    lines.append(ActivityLine(enterprise=org, source=source, year=year, month=0,
                                              kind="refrigerant_leak", unit="kg",
                                              data={"charge": f"{50 * scale:.1f}", "leak_rate": leak}))  # fmt: skip
                    continue
                _name, _en, st, _cat, _subj, kind, unit, base, extra = specs[(org.pk, source.name)]
                for month in range(1, 13):
                    if index == 3 and year == 2025 and source.name == "员工食堂" and month >= 10:
                        continue  # anomaly: missing months
                    season = SEASON[month - 1] if st == "electricity" else 1.0
                    quantity = base * scale * trend * season * rng.uniform(0.92, 1.08)
                    if index == 2 and year == 2025 and month == 7 and st == "electricity":
                        quantity *= 6  # anomaly: a spike (a meter read in the wrong unit?)
                    data = {"quantity": f"{quantity:.3f}", **extra}
                    lines.append(ActivityLine(enterprise=org, source=source, year=year, month=month, kind=kind,
                                              unit=unit, data=data))  # fmt: skip
            statistics.append(AnnualStatistics(
                enterprise=org, year=year, revenue_wan=f"{12000 * scale * rng.uniform(0.9, 1.2):.2f}",
                value_added_wan=f"{3500 * scale * rng.uniform(0.9, 1.2):.2f}",
                floor_area_m2=f"{8000 * scale:.0f}", employees=int(120 * scale),
            ))  # fmt: skip
    ActivityLine.objects.bulk_create(lines, batch_size=2000)
    AnnualStatistics.objects.bulk_create(statistics)
    _measured_ncv_with_lab_report(enterprises)
    services.recompute_all(enterprise_ids=[e.pk for e in enterprises])


def _measured_ncv_with_lab_report(enterprises) -> None:
    """Anomaly: one enterprise measured its diesel NCV at 38 GJ/t (default 43.33), with a lab report."""
    line = (ActivityLine.objects.filter(enterprise__in=enterprises, source__subject="DIESEL", year=2025, month=6)
            .order_by("enterprise_id").first())  # fmt: skip
    if line is None:
        return
    digest, name = evidence.store(LAB_REPORT, "pdf")
    lab = EvidenceFile.objects.create(enterprise_id=line.enterprise_id, sha256=digest, storage_name=name,
                                      file_type="pdf", size=len(LAB_REPORT), original_name="燃料化验报告.pdf",
                                      purpose=EvidenceFile.Purpose.LAB_REPORT)  # fmt: skip
    line.data = {**line.data, "measured_ncv": "38.0"}
    line.lab_report = lab
    line.save(update_fields=["data", "lab_report"])
