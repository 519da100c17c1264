"""The cockpit's pure core: shares in basis points, sections from plain values, sentences only for data."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from tanxin.cockpit.domain import figures as f
from tanxin.cockpit.domain.report import large_money, sentences

TODAY = date(2026, 3, 1)


def empty_cockpit(**kw) -> f.Cockpit:
    disclosure = f.disclosure_section(2025, [f.YearPoint(2025, 10, 2, 0, 0, 0)], TODAY)
    compliance = f.compliance_section(2025, 2, f.YearTotals({}, 0, 0, None), TODAY)
    return f.Cockpit(1, "440305", "南山区", 2025, disclosure, compliance, **kw)


def test_a_share_is_exact_half_up_and_undefined_without_a_whole():
    assert f.share_bp(1, 3) == 3333 and f.share_bp(2, 3) == 6667 and f.share_bp(1, 8) == 1250
    assert f.share_bp(0, 0) is None


@given(st.integers(0, 10**9), st.integers(1, 10**9))
def test_a_share_never_leaves_zero_to_ten_thousand_for_a_part_of_the_whole(part, whole):
    part = min(part, whole)
    assert 0 <= f.share_bp(part, whole) <= 10_000


def test_compliance_counts_only_units_with_an_obligation_and_keeps_their_summed_tonnes():
    totals = f.YearTotals({"compliant": 1, "non_compliant": 1}, surplus_t=20, shortfall_t=7, disclosed_t=150)
    section = f.compliance_section(2025, 3, totals, TODAY)
    assert section.with_obligation == 2 and section.by_status["compliant"] == 1
    assert (section.surplus_t, section.shortfall_t, section.verified_t) == (20, 7, 150)
    assert section.compliant_bp == 5000 and section.by_status["pending"] == 0


def test_the_disclosure_trend_keeps_each_years_publications_and_published_tonnes_half_up():
    trend = [f.YearPoint(2025, 3, 1, 2, 1, 1_500), f.YearPoint(2024, 3, 1, 1, 1, 10_499),
             f.YearPoint(2023, 3, 1, 0, 0, 0)]
    section = f.disclosure_section(2025, trend, TODAY)
    assert [(p.year, p.published, p.published_t) for p in section.trend] == [(2023, 0, None), (2024, 1, 10),
                                                                             (2025, 2, 2)]  # fmt: skip
    assert section.published == 2 and section.key_published == 1 and section.key_coverage_bp == 10_000
    assert section.coverage_bp == 6667 and section.published_kg == 1_500


def test_loans_of_the_year_are_those_disbursed_in_it():
    rows = [f.LoanRow(1, 3_000_000_000, date(2025, 5, 1)), f.LoanRow(1, 100, date(2024, 5, 1)),
            f.LoanRow(2, 50, date(2025, 12, 31))]  # fmt: skip
    section = f.loan_section(2, 10, 5, {"safe": 2}, 0, 2025, rows, TODAY)
    assert (section.year_count, section.year_amount_fen, section.year_enterprises) == (2, 3_000_000_050, 2)


def test_a_year_without_records_has_no_data_and_no_sentence():
    cockpit = empty_cockpit(loans=f.loan_section(0, 0, 0, {}, 0, 2025, [], None), deals=f.deal_section([]))
    assert not cockpit.has_data
    assert sentences(cockpit) == []


def test_sentences_carry_their_source_and_exact_figures():
    loans = f.loan_section(1, 3_000_000_000, 150_000, {"safe": 1}, 0, 2025,
                           [f.LoanRow(7, 3_000_000_000, date(2025, 6, 1))], TODAY)  # fmt: skip
    station = f.StationSection({"requests": 900, "disbursed": 657}, 292_000_000_000, 0, 0, 657, TODAY)
    found = {s.key: s for s in sentences(empty_cockpit(loans=loans, station=station))}
    assert found["loans_year"].params["fen"] == 3_000_000_000
    assert found["loans_year"].source == "tanxin.lending.facts.loans"
    assert found["station"].params["firms"] == 657


def test_large_money_is_said_in_wan_or_yi_in_chinese_and_million_or_billion_in_english():
    assert large_money(3_000_000_000, chinese=True) == (Decimal("3000.00"), "wan")
    assert large_money(292_000_000_000, chinese=True) == (Decimal("29.20"), "yi")
    assert large_money(3_000_000_000, chinese=False) == (Decimal("30.00"), "million")
    assert large_money(292_000_000_000, chinese=False) == (Decimal("2.92"), "billion")
