"""Buttons that move allowances ask first, restating the account (the tonnes are read from the form when pressed,
see web/static/web/confirm.js; the browser side is tested in tests/e2e/test_hold_confirmation.py)."""

from __future__ import annotations

import pytest

from tests.registry.fixtures import build_registry

pytestmark = pytest.mark.django_db


def test_transfer_surrender_and_cancellation_restate_the_account_before_they_are_sent(world):
    reg = build_registry(world)
    page = reg.world.client("enterprise_a").get(f"/registry/accounts/{reg.a.pk}/").content.decode()
    number = reg.a.number
    assert f"确认从账户 {number} 转出 {{quantity}} 吨？" in page
    assert f"确认从账户 {number} 清缴 {{quantity}} 吨用于履约？" in page
    assert page.count("data-confirm=") >= 3


def test_the_instrument_boxes_offer_the_instruments_the_account_holds(world):
    reg = build_registry(world)
    page = reg.world.client("enterprise_a").get(f"/registry/accounts/{reg.a.pk}/").content.decode()
    assert '<datalist id="held-instruments"><option value="SZA-2024">' in page
    assert page.count('list="held-instruments"') >= 3  # transfer, surrender, cancellation (and the pledge form)
