"""Financing subsidies run through the support fund's own workflow: claim with the loan's facts filled in,
formal check, computed award within the caps, publicity, final and payment; refusals leave nothing behind."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tanxin.common.errors import Conflict, DomainError
from tanxin.support.domain import subsidy
from tanxin.support.domain.subsidy import FinancedLoan
from tanxin.support.models import Application, Award, FinancingClaim
from tanxin.support.services import applications, results, subsidies
from tests.support.conftest import PDF

pytestmark = pytest.mark.django_db
YEAR = 2025


def make_subsidy_scheme(world, budget_fen=500_000_000, cap_fen=None):
    admin = world.users["bureau_admin"]
    now = timezone.now()
    data = {"code": f"FS-{YEAR}", "year": YEAR, "title_zh": "绿色融资贴息", "budget_fen": budget_fen,
            "window_opens": now - timedelta(days=5), "window_closes": now + timedelta(days=20)}  # fmt: skip
    if cap_fen:
        data["cap_fen"] = cap_fen
    scheme = subsidies.create_subsidy_scheme(admin, data)
    return subsidies.open_subsidy_scheme(admin, scheme.pk)


def loan(key="lending:1", interest=1_200_000_00, fee=0, green=True, start=date(2025, 1, 1), end=date(2025, 7, 1),
         pledge=True) -> FinancedLoan:  # fmt: skip
    return FinancedLoan(key, "PL-2025-0001", "有授权银行", 30_000_000_00, 39_000, green, pledge, interest, fee, start,
                        end)


EVIDENCE = {"contract": ("合同.pdf", PDF), "settlement": ("结息单.pdf", PDF), "pledge_notice": ("质押公告.pdf", PDF)}


def test_golden_half_the_financing_cost_within_the_yearly_cap():
    a = subsidy.claim_amount([loan(interest=60_000_00, fee=20_000_00)], 500_000, 1_000_000_00)
    assert (a.cost_fen, a.share_fen, a.amount_fen, a.capped) == (80_000_00, 40_000_00, 40_000_00, False)
    big = subsidy.claim_amount([loan(interest=3_000_000_00)], 500_000, 1_000_000_00, used_fen=200_000_00)
    assert (big.share_fen, big.amount_fen, big.capped) == (1_500_000_00, 800_000_00, True)


def test_scaling_to_the_budget_keeps_the_total_exact():
    assert subsidy.scale_to_budget({"a": 3, "b": 3, "c": 3}, 7) == {"a": 3, "b": 2, "c": 2}
    assert sum(subsidy.scale_to_budget({"a": 10**9, "b": 7, "c": 333}, 10**8).values()) == 10**8


def test_a_claim_goes_through_check_result_publicity_final_and_payment(world):
    scheme = make_subsidy_scheme(world)
    user, officer, admin = world.users["enterprise_a"], world.users["bureau_officer"], world.users["bureau_admin"]
    app = subsidies.claim(user, scheme.pk, world.orgs["enterprise_a"].pk, [loan()], EVIDENCE)
    assert app.requested_fen == 600_000_00  # half of 1,200,000 CNY of interest
    assert FinancingClaim.objects.get(application=app).lender == "有授权银行"
    applications.submit(user, app.pk)
    applications.formal_check(officer, app.pk, "complete")
    scheme.window_closes = timezone.now() - timedelta(minutes=1)
    scheme.status = "closed"
    scheme.save()
    awards = subsidies.build_subsidy_result(officer, scheme.pk)
    assert [a.amount_fen for a in awards] == [600_000_00]
    results.approve(admin, scheme.pk)
    results.start_publicity(admin, scheme.pk, start=date(2025, 1, 6))
    results.finalise(admin, scheme.pk, today=date(2025, 3, 1))
    paid = results.disburse(admin, app.pk, 600_000_00, date(2025, 3, 3), "FS-PAY-1")
    assert paid.amount_fen == 600_000_00
    assert Application.objects.get(pk=app.pk).status == "awarded"


def test_a_loan_that_is_not_green_is_refused_in_chinese_and_nothing_is_saved(world):
    scheme = make_subsidy_scheme(world)
    with pytest.raises(DomainError) as caught:
        subsidies.claim(world.users["enterprise_a"], scheme.pk, world.orgs["enterprise_a"].pk, [loan(green=False)],
                        EVIDENCE)  # fmt: skip
    assert caught.value.code == "not_green" and "PL-2025-0001" in str(caught.value.message)
    assert not Application.objects.exists() and not FinancingClaim.objects.exists()


def test_an_amount_above_the_cap_and_a_duplicate_period_are_refused(world):
    scheme = make_subsidy_scheme(world)
    enterprise = world.orgs["enterprise_a"].pk
    with pytest.raises(DomainError) as caught:
        subsidies.claim(world.users["enterprise_a"], scheme.pk, enterprise, [loan()], EVIDENCE,
                        requested_fen=1_000_001_00)  # fmt: skip
    assert caught.value.code == "above_cap" and "1,000,000.00" in str(caught.value.message)
    with pytest.raises(Conflict) as caught:
        subsidies.claim(world.users["enterprise_a"], scheme.pk, enterprise,
                        [loan(), loan(start=date(2025, 6, 1), end=date(2025, 12, 1))], EVIDENCE)  # fmt: skip
    assert caught.value.code == "duplicate_period"
    subsidies.claim(world.users["enterprise_a"], scheme.pk, enterprise, [loan()], EVIDENCE)
    assert Award.objects.count() == 0 and FinancingClaim.objects.count() == 1


def test_the_pledge_notice_is_required_for_a_pledge_loan(world):
    scheme = make_subsidy_scheme(world)
    with pytest.raises(DomainError) as caught:
        subsidies.claim(world.users["enterprise_a"], scheme.pk, world.orgs["enterprise_a"].pk, [loan()],
                        {k: v for k, v in EVIDENCE.items() if k != "pledge_notice"})  # fmt: skip
    assert caught.value.code == "evidence_missing"
    assert not Application.objects.exists()


def test_another_enterprise_cannot_claim_for_enterprise_a(world):
    scheme = make_subsidy_scheme(world)
    with pytest.raises(DomainError):
        subsidies.claim(world.users["enterprise_b"], scheme.pk, world.orgs["enterprise_a"].pk, [loan()], EVIDENCE)
    assert not FinancingClaim.objects.exists()


def test_support_pages_show_a_subsidy_claim_without_error(world):
    scheme = make_subsidy_scheme(world)
    app = subsidies.claim(world.users["enterprise_a"], scheme.pk, world.orgs["enterprise_a"].pk, [loan()], EVIDENCE)
    page = world.client("enterprise_a").get(f"/support/applications/{app.pk}/").content.decode()
    assert "PL-2025-0001" in page and "600,000.00" in page and "质押公告.pdf" in page
    for persona, url in (("bureau_officer", f"/support/applications/{app.pk}/"),
                         ("bureau_officer", f"/support/schemes/{scheme.pk}/"),
                         ("bureau_officer", f"/support/schemes/{scheme.pk}/applications/"),
                         ("enterprise_a", "/support/")):
        response = world.client(persona).get(url)
        assert response.status_code == 200, (persona, url, response.status_code)
