"""The compliance obligation is rounded once, from kilograms, upward (never in the enterprise's favour).

Golden: 9,245,215 kgCO2e verified → 9,245.215 t → an obligation of 9,246 t (it used to be 9,245: the figure
was first rounded half-up to tonnes, then "rounded up" when it had nothing left to round).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tanxin.registry import obligations
from tanxin.registry.models import Obligation
from tests.disclosure.support import drive

pytestmark = pytest.mark.django_db


def test_a_verified_report_becomes_an_obligation_rounded_up_from_kilograms(world):
    version = drive(world, "verified", year=2025, total=9_245_215 + 567)  # the verifier signs total − 567
    assert version.figure_kg == 9_245_215
    obligation = Obligation.objects.get(enterprise=world.orgs["enterprise_a"], year=2025)
    assert (obligation.verified_emissions_t, obligation.source) == (9_246, "disclosure")


def test_whole_tonnes_stay_whole_and_one_kilogram_more_adds_a_tonne(world):
    drive(world, "verified", year=2024, total=9_245_000 + 567)
    assert Obligation.objects.get(enterprise=world.orgs["enterprise_a"], year=2024).verified_emissions_t == 9_245
    enterprise = world.orgs["enterprise_a"].pk
    assert obligations.record_verified_emissions(enterprise, 2023, Decimal("9245.001"))
    assert Obligation.objects.get(enterprise_id=enterprise, year=2023).verified_emissions_t == 9_246
