"""The loans list comes in pages, newest first; its pager keeps the state filter."""

import re

import pytest

from tanxin.lending.models import Loan
from tanxin.lending.views import loans as loan_views
from tests.lending.loans_support import application, build

pytestmark = pytest.mark.django_db


def _ids(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'href="/lending/loans/(\d+)/"', page)]


def test_the_loans_list_is_paged_newest_first_and_every_loan_is_on_exactly_one_page(monkeypatch):
    monkeypatch.setattr(loan_views, "LIST_PAGE", 2)
    lw = build()
    for _ in range(3):
        application(lw, amount_fen=1_000_000_00, quantity_t=50_000)
    newest_first = list(Loan.objects.order_by("-created_at", "-pk").values_list("pk", flat=True))
    state = Loan.objects.get(pk=newest_first[0]).state
    bank = lw.world.client("bank_with_consent")
    pages = [bank.get("/lending/", {"state": state, "page": n}).content.decode() for n in (1, 2)]
    assert [_ids(p) for p in pages] == [newest_first[0:2], newest_first[2:3]]
    assert f"state={state}&amp;page=2" in pages[0]
    assert 'class="pager"' not in bank.get("/lending/", {"state": "closed"}).content.decode()


def test_the_public_pledge_notices_are_paged_newest_first(monkeypatch):
    from tests.lending.loans_support import live_loan

    monkeypatch.setattr(loan_views, "LIST_PAGE", 1)
    lw = build(allocate=1_000_000)
    first, second = live_loan(lw), live_loan(lw)
    notices = Loan.objects.public_notices().order_by("-notice_date", "-pk")
    newest_first = list(notices.values_list("notice_no", flat=True))
    assert sorted(newest_first) == sorted([first.notice_no, second.notice_no])
    anonymous = lw.world.client("anonymous")
    pages = [anonymous.get("/lending/notices/", {"page": n}).content.decode() for n in (1, 2)]
    assert [[no for no in newest_first if no in page] for page in pages] == [newest_first[:1], newest_first[1:]]
    assert 'class="pager"' in pages[0] and "page=2" in pages[0]
