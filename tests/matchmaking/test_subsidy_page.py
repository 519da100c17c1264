"""The subsidy claim page: only an enterprise's administrator opens it; a posted claim lands in support's
workflow with the loan's facts filled in; a claim for money not tagged green is refused on the form."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tanxin.matchmaking.services import outcomes
from tanxin.support.models import Application, FinancingClaim
from tests.matchmaking.builders import WAN, approve, market, payout, post
from tests.personas import check_matrix
from tests.support.conftest import PDF
from tests.support.test_financing_subsidy import make_subsidy_scheme

pytestmark = pytest.mark.django_db


def _disbursed(world, green="energy_retrofit"):
    market(world)
    r = post(world)
    approve(world, r.pk, amount=2000 * WAN)
    money = payout(2000 * WAN, on=date(2025, 1, 2))
    money = outcomes.Payout(money.amount_fen, money.paid_on, money.reference, green, money.project)
    return outcomes.disburse(world.users["bank_with_consent"], r.pk, money)


def _files():
    return {"contract": SimpleUploadedFile("合同.pdf", PDF), "settlement": SimpleUploadedFile("结息.pdf", PDF)}


def test_only_enterprise_admins_open_the_claim_page(world):
    make_subsidy_scheme(world)
    check_matrix(world, "/matchmaking/subsidy/claim/", ("enterprise_a", "enterprise_b"),
                 refused=("enterprise_a_member",))


def test_a_posted_claim_lands_in_supports_workflow(world):
    d = _disbursed(world)
    scheme = make_subsidy_scheme(world)
    data = {"scheme": scheme.pk, "loans": [f"matchmaking:{d.pk}"], "start": "2025-01-02", "end": "2025-07-01",
            "fee_yuan": "0", **_files()}  # fmt: skip
    response = world.client("enterprise_a").post("/matchmaking/subsidy/claim/", data)
    app = Application.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/support/applications/{app.pk}/"
    assert FinancingClaim.objects.get(application=app).interest_fen == 390_000_00


def test_money_not_tagged_green_is_refused_on_the_form(world):
    d = _disbursed(world, green="")
    scheme = make_subsidy_scheme(world)
    data = {"scheme": scheme.pk, "loans": [f"matchmaking:{d.pk}"], "start": "2025-01-02", "end": "2025-07-01",
            **_files()}  # fmt: skip
    response = world.client("enterprise_a").post("/matchmaking/subsidy/claim/", data)
    assert response.status_code == 200 and "不符合绿色条件" in response.content.decode()
    assert not Application.objects.exists()
