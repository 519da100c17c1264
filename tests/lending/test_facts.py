"""lending.facts: the typed reads securitisation, matchmaking and the cockpit use, on the demo loan book."""

from __future__ import annotations

from datetime import date
from io import StringIO

from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from tanxin.lending import facts
from tanxin.lending.domain import interest
from tanxin.lending.models import Loan, MarginCall, Pledge


class TestOnTheDemoLoanBook(TestCase):
    """The demo seeded once for the class; each test runs in its own savepoint."""

    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", stdout=StringIO())

    def test_loans_mirror_the_loan_book_with_open_pledges_summed(self):
        rows = facts.loans()
        assert [f.ref for f in rows] == list(Loan.objects.order_by("ref").values_list("ref", flat=True))
        for f in rows:
            loan = Loan.objects.get(pk=f.id)
            assert (f.enterprise_id, f.bank_id, f.state, f.principal_fen) == (
                loan.enterprise_id, loan.bank_id, loan.state, loan.principal_fen)
            pledges = Pledge.objects.filter(loan=loan, status=Pledge.Status.OPEN)
            open_t = sum(pledges.values_list("quantity_t", flat=True))
            assert f.pledged_t == open_t
            assert f.open_margin_call == MarginCall.objects.filter(loan=loan, state=MarginCall.State.OPEN).exists()


    def test_filters_combine_and_the_read_costs_a_fixed_number_of_queries(self):
        live = facts.loans(states=facts.LIVE_STATES)
        assert live and all(f.state == "live" for f in live)
        bank = live[0].bank_id
        assert {f.bank_id for f in facts.loans(bank_ids=[bank], states=facts.LIVE_STATES)} == {bank}
        assert facts.loans(ids=[]) == []
        with CaptureQueriesContext(connection) as q:
            facts.loans()
        assert len(q.captured_queries) <= 4


    def test_portfolio_summary_adds_up_the_live_loans(self):
        live = facts.loans(states=facts.LIVE_STATES)
        summary = facts.portfolio_summary()
        assert summary.live_count == len(live)
        assert summary.live_principal_fen == sum(f.principal_fen for f in live)
        assert sum(summary.by_zone.values()) == len(live)
        assert summary.borrowers == len({f.enterprise_id for f in live})
        other = facts.portfolio_summary(jurisdiction_ids=[-1])
        assert (other.live_count, other.live_principal_fen, other.as_of) == (0, 0, None)


    def test_financing_cost_is_the_desk_accrual_clipped_to_the_loan_life(self):
        f = facts.loans(states=facts.LIVE_STATES)[0]
        start, end = date(f.disbursed_on.year, 1, 1), date(f.disbursed_on.year + 1, 1, 1)
        cost = facts.financing_cost([f.id], start, end)[f.id]
        hi = min(end, f.maturity_on) if f.maturity_on else end
        expected = interest.accrued(f.principal_fen, f.annual_rate, max(start, f.disbursed_on), hi, f.day_count_basis)
        assert cost.interest_fen == expected > 0
        assert cost.fee_fen == 0 and cost.total_fen == expected
        before = facts.financing_cost([f.id], date(2000, 1, 1), date(2000, 12, 31))[f.id]
        assert (before.interest_fen, before.days) == (0, 0)


    def test_bands_match_the_screening_cards(self):
        from tanxin.lending.queries_screening import cards
        from tanxin.orgs.models import Organisation

        enterprises = list(Organisation.objects.filter(key_emitter=True).order_by("pk")[:5])
        got = facts.bands([e.pk for e in enterprises])
        assert set(got) == {e.pk for e in enterprises}
        for c in cards(enterprises):
            b = got[c.enterprise.pk]
            assert b.knocked_out == c.result.knocked_out
            assert b.band == ("" if c.result.band is None else c.result.band.code)
            assert b.knocked_out == bool(b.reasons)
