"""The demo loan book: the repaid 30 M CNY loan, live loans in several coverage states, one open margin call."""

from __future__ import annotations

import pytest

from tanxin.accounting import seed as accounting_seed
from tanxin.disclosure import seed as disclosure_seed
from tanxin.lending import seed_loans
from tanxin.lending.models import Loan, MarginCall, Mark
from tanxin.market import seed as market_seed
from tanxin.orgs import seed as orgs_seed
from tanxin.registry import seed as registry_seed
from tanxin.registry import services as registry
from tanxin.registry.models import Hold

pytestmark = pytest.mark.django_db


def test_the_demo_loan_book():
    registry.forget_caches()
    ctx = orgs_seed.seed()
    for module in (accounting_seed, disclosure_seed, market_seed, registry_seed):  # what the loans read
        module.seed(ctx)
    seed_loans.seed(ctx)
    headline = Loan.objects.get(ref="L2023A00101")
    assert (headline.state, headline.amount_fen, headline.disbursed_on.year) == ("closed", 30_000_000_00, 2023)
    assert headline.collateral.get().kind == "guarantee" and headline.repayments.exists()
    assert all(Hold.objects.get(ref=p.hold_ref).status == "released" for p in headline.pledges.all())
    live = Loan.objects.filter(state="live")
    assert live.count() >= 3 and len({x.last_zone for x in live}) >= 3
    assert MarginCall.objects.filter(state="open").count() == 1
    assert Mark.objects.count() > 20
    registry.forget_caches()
