"""The one access rule's lending relationship: the bank of a registered pledge sees the borrower's data while
the pledge lasts, without a consent; before the pledge and after its release it does not."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tanxin.lending.models import Loan
from tanxin.lending.services import desk, servicing
from tanxin.orgs.access import relationships
from tanxin.orgs.models import ConsentGrant, Organisation
from tests.lending.loans_support import INSTRUMENT, PNG, build

pytestmark = pytest.mark.django_db


def _sees_a(lw) -> bool:
    user = lw.user("bank_with_consent")
    return Organisation.objects.visible_to(user, "view").filter(pk=lw.org("enterprise_a").pk).exists()


def test_the_pledgee_relationship_is_registered():
    assert "pledgee" in relationships()


def test_the_bank_sees_the_borrower_from_the_pledge_to_its_release_without_consent():
    lw = build()
    ConsentGrant.objects.filter(enterprise=lw.org("enterprise_a")).delete()
    bank, bureau = lw.user("bank_with_consent"), lw.user("bureau_officer")
    loan = desk.apply(lw.user("enterprise_a"), enterprise_id=lw.org("enterprise_a").pk,
                      bank_id=lw.org("bank_with_consent").pk, amount_fen=2_000_000_00, term_months=12,
                      purpose="Energy-saving retrofit", instrument_code=INSTRUMENT, quantity_t=150_000)  # fmt: skip
    assert not _sees_a(lw)  # an application alone gives the bank nothing
    desk.screen(bank, loan.pk, band="B")
    desk.value(bank, loan.pk, mc_paths=500)
    desk.approve(bank, loan.pk, acknowledge_conflict=True)
    desk.contract(bank, loan.pk, ("contract.png", PNG))
    assert not _sees_a(lw)
    desk.register_pledge(bureau, loan.pk, registration_no="PBOC-1", notice_no="N-1", notice_date=timezone.localdate())
    assert _sees_a(lw)
    desk.disburse(bank, loan.pk)
    assert _sees_a(lw)
    loan = Loan.objects.get(pk=loan.pk)
    servicing.repay(bank, loan.pk, loan.principal_fen + servicing.accrued(loan, timezone.localdate()), key="all")
    servicing.release(bank, loan.pk, key="rel")
    assert Loan.objects.get(pk=loan.pk).state == "released"
    assert not _sees_a(lw)
    other = lw.user("bank_without_consent")
    assert not Organisation.objects.visible_to(other, "view").filter(pk=lw.org("enterprise_a").pk).exists()
