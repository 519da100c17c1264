"""Stand-ins for the disclosure and registry service APIs (fakes, not mocks)."""


def disclosure_facts(enterprise_id: int, year: int) -> dict:
    intensity = {2023: "0.900", 2024: "0.800"}.get(year)
    return {
        "published": year == 2024,
        "verified": year == 2024,
        "total_kg": 1_000_000,
        "intensity_value_added": intensity,
    }


def compliance_facts(enterprise_id: int, year: int) -> dict:
    return {"on_time": True, "surplus_t": 12_000}


def broken(enterprise_id: int, year: int) -> dict:
    raise RuntimeError("owner module down")
