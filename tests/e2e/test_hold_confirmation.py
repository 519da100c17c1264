"""Releasing a pledge asks first, restating the tonnes and the account; saying no changes nothing."""

from __future__ import annotations

import pytest

from tanxin.registry import services
from tanxin.registry.models import Hold
from tests.e2e.conftest import accept_dialogs, screenshot, sign_in
from tests.registry.fixtures import build_registry

pytestmark = pytest.mark.e2e


def test_releasing_a_pledge_restates_what_will_happen_and_a_no_changes_nothing(page, e2e_world):
    reg = build_registry(e2e_world)
    admin = e2e_world.users["bureau_admin"]
    bank = e2e_world.orgs["bank_with_consent"]
    ref = services.place_hold(admin, reg.a.pk, "SZA-2024", 300, "pledge", pledgee_id=bank.pk)["hold_ref"]
    sign_in(page, "bank_with_consent")  # the pledgee releases its pledge
    page.goto("/registry/holds/")
    row = page.locator("[data-testid=holds] tr", has_text=ref)
    quantity = row.locator("form.hold-action").first.locator("input[name=quantity]")
    assert quantity.input_value() == "300"  # the whole hold is written out, not implied by an empty box
    quantity.fill("120")

    page.remove_listener("dialog", accept_dialogs)
    questions: list[str] = []

    def answer(dialog, accept: bool):
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda d: answer(d, False))
    row.get_by_role("button", name="解除").click()
    page.wait_for_timeout(300)
    assert questions and "120" in questions[0] and ref in questions[0] and reg.a.number in questions[0]
    assert Hold.objects.get(ref=ref).quantity == 300

    page.once("dialog", lambda d: answer(d, True))
    row.get_by_role("button", name="解除").click()
    page.wait_for_load_state()
    page.locator("[data-testid=holds]").wait_for()
    assert Hold.objects.get(ref=ref).quantity == 180
    screenshot(page, "holds-release-confirmed")
