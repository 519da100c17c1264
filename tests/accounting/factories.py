"""Builders for accounting rows in database tests (through the services, as a user would)."""

from __future__ import annotations

from tanxin.accounting import services


def standard_ledger(world, year: int = 2024, persona: str = "enterprise_a") -> dict:
    """A small enterprise: a gas boiler, diesel vehicles, grid electricity (with green power), an R-410A
    chiller; twelve months each. Returns the created sources by key."""
    user = world.users[persona]
    enterprise = world.orgs[persona]
    sources = {
        "boiler": services.create_source(user, enterprise.pk, {
            "name": "Gas boiler", "source_type": "fuel_combustion", "category": "boiler",
            "subject": "NATURAL_GAS", "facility": "Plant 1"}),
        "vehicles": services.create_source(user, enterprise.pk, {
            "name": "Diesel trucks", "source_type": "fuel_combustion", "category": "vehicle", "subject": "DIESEL"}),
        "grid": services.create_source(user, enterprise.pk, {
            "name": "Grid supply", "source_type": "electricity", "category": "building"}),
        "chiller": services.create_source(user, enterprise.pk, {
            "name": "Chiller", "source_type": "refrigerant", "category": "chiller", "subject": "R-410A"}),
    }
    for month in range(1, 13):
        services.save_line(user, sources["boiler"].pk, {"year": year, "month": month, "quantity": "1",
                                                         "unit": "万Nm3"})
        services.save_line(user, sources["vehicles"].pk, {"year": year, "month": month, "quantity": "2",
                                                           "unit": "t"})
        services.save_line(user, sources["grid"].pk, {"year": year, "month": month, "quantity": "100000",
                                                       "unit": "kWh", "green_quantity": "10000"})
    services.save_line(user, sources["chiller"].pk, {"year": year, "kind": "refrigerant_leak", "charge": "100",
                                                      "unit": "kg", "leak_rate": "0.05"})
    return sources
