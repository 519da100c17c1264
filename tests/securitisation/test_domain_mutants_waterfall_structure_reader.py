"""The deal-structure reader, where generated mutants showed no test: its defaults (the same as the dataclasses'),
the retention share's rounding, and each refusal with its code and details on both sides of every limit."""

from __future__ import annotations

import pytest

from tanxin.securitisation.domain import structure
from tanxin.securitisation.domain.errors import StructureError
from tanxin.securitisation.domain.structure import Fee, Reserve, Step, Structure, Tranche

PAY_A = {"pay": "principal", "tranches": ["A"], "from": "principal"}


def refused(code, data):
    with pytest.raises(StructureError) as caught:
        structure.read(data)
    assert caught.value.code == code
    return caught.value.details


def deal(tranches=None, interest=(), principal=(PAY_A,), **extra):
    return {"tranches": tranches or [{"name": "A", "balance_fen": 100_000}], "retention_min_bp": 0,
            "waterfalls": {"normal": {"interest": list(interest), "principal": list(principal)}}, **extra}  # fmt: skip


def with_tranche(**fields):
    return deal([{"name": "A", "balance_fen": 100_000} | fields])


# -- defaults --------------------------------------------------------------------------------------------------------
def test_a_structure_read_without_optional_fields_equals_the_one_built_from_the_dataclass_defaults():
    # Read or built in code, a bare tranche owes no coupon, is senior and keeps nothing; a bare fee is senior; there is
    # no reserve, no liquidity facility (limit 0) and no guarantor (limit 0, not unlimited).
    read = structure.read(deal(fees=[{"name": "trustee"}]))
    built = Structure(tranches=(Tranche("A", 100_000),), fees=(Fee("trustee"),), reserve=Reserve(),
                      waterfalls={"normal": {"interest": (), "principal": (Step("principal", "principal", ("A",)),)}},
                      retention_min_bp=0)  # fmt: skip
    assert read == built
    a = read.tranches[0]
    assert (a.coupon_bp, a.subordinated, a.retained_bp, read.fees[0].senior) == (0, False, 0, True)
    assert (read.liquidity_limit_fen, read.guarantor_limit_fen) == (0, 0)


def test_an_explicit_null_guarantor_limit_reads_as_an_unlimited_undertaking():
    assert structure.read(deal(guarantor_limit_fen=None)).guarantor_limit_fen is None
    assert structure.read(deal(guarantor_limit_fen=7)).guarantor_limit_fen == 7


# -- retention -------------------------------------------------------------------------------------------------------
def test_the_retention_share_is_rounded_down_to_a_whole_basis_point():
    # A (1 fen) fully retained and B (2 fen) not: 1 x 10,000 / 3 = 3,333.33 bp, kept as 3,333. A minimum of 3,333 is
    # met; 3,334 is not, and the refusal names 3,333.
    tranches = [{"name": "A", "balance_fen": 1, "retained_bp": 10_000}, {"name": "B", "balance_fen": 2}]
    met = structure.read(deal(tranches, retention_min_bp=3_333))
    assert met.retention_bp == 3_333 and isinstance(met.retention_bp, int)
    assert refused("retention_too_low", deal(tranches, retention_min_bp=3_334)) == {
        "retention_bp": 3_333, "minimum_bp": 3_334}


def test_a_structure_built_in_code_without_tranches_retains_nothing():
    assert Structure(tranches=(), waterfalls={}).retention_bp == 0


def test_the_minimum_retention_may_be_the_whole_deal_and_not_more():
    whole = [{"name": "A", "balance_fen": 100_000, "retained_bp": 10_000}]
    assert structure.read(deal(whole, retention_min_bp=10_000)).retention_min_bp == 10_000
    assert refused("out_of_range", deal(whole, retention_min_bp=10_001)) == {"field": "retention_min_bp",
                                                                             "value": 10_001}


def test_a_tranche_may_be_retained_whole_and_not_more():
    assert structure.read(with_tranche(retained_bp=10_000)).retention_bp == 10_000
    assert structure.read(with_tranche(retained_bp=0)).retention_bp == 0
    assert refused("out_of_range", with_tranche(retained_bp=10_001)) == {"field": "retained_bp", "value": 10_001}
    assert refused("negative_rate", with_tranche(retained_bp=-1)) == {"field": "retained_bp", "value": -1}


# -- refusals --------------------------------------------------------------------------------------------------------
def test_a_structure_that_is_not_an_object_is_refused():
    for data in ([], "deal", None, 5):
        assert refused("bad_structure", data) is None


def test_only_the_first_structure_format_version_is_read():
    assert structure.read(deal(version=1)).total_fen == 100_000
    assert refused("bad_version", deal(version=2)) == {"version": 2}
    assert refused("bad_version", deal(version="1")) == {"version": "1"}


def test_a_part_of_the_structure_that_is_not_an_object_is_refused_naming_the_part():
    step = {"pay": "interest", "tranches": ["A"], "from": "interest"}
    assert refused("bad_structure", deal(["A"])) == {"field": "tranche"}
    assert refused("bad_structure", deal(fees=["trustee"])) == {"field": "fee"}
    assert refused("bad_structure", deal(reserve=5)) == {"field": "reserve"}
    assert refused("bad_structure", deal(triggers=["period > 1"])) == {"field": "trigger"}
    assert refused("bad_structure", deal(interest=[[step]])) == {"field": "step"}


def test_a_value_the_structure_does_not_know_is_refused_naming_the_field_and_the_value():
    assert refused("bad_choice", with_tranche(rate_type="variable")) == {"field": "rate_type", "value": "variable"}
    assert refused("bad_choice", deal(recoveries_to="reserve")) == {"field": "recoveries_to", "value": "reserve"}
    assert refused("bad_choice", deal(interest=[{"pay": "bonus", "from": "interest"}])) == {
        "field": "pay", "value": "bonus"}
    assert structure.read(deal(recoveries_to="interest")).recoveries_to == "interest"


def test_a_tranche_schedule_that_is_not_a_list_is_refused_naming_the_tranche():
    assert refused("bad_tranches", with_tranche(schedule={"1": 50_000})) == {"tranche": "A"}
    assert refused("bad_tranches", with_tranche(schedule=50_000)) == {"tranche": "A"}
    assert structure.read(with_tranche(schedule=[50_000])).tranches[0].schedule == (50_000,)


def test_a_tranche_needs_at_least_one_fen():
    assert structure.read(with_tranche(balance_fen=1)).total_fen == 1
    assert refused("out_of_range", with_tranche(balance_fen=0)) == {"field": "balance_fen", "value": 0}


def test_an_amount_may_reach_ten_to_the_fifteen_fen_and_not_one_fen_more():
    # 10^15 fen = 10 trillion yuan.
    assert structure.read(with_tranche(balance_fen=10**15)).total_fen == 10**15
    assert refused("out_of_range", with_tranche(balance_fen=10**15 + 1)) == {"field": "balance_fen",
                                                                             "value": 10**15 + 1}
    assert structure.read(deal(liquidity_limit_fen=10**15)).liquidity_limit_fen == 10**15
    assert refused("out_of_range", deal(liquidity_limit_fen=10**15 + 1)) == {"field": "liquidity_limit_fen",
                                                                             "value": 10**15 + 1}


@pytest.mark.parametrize("pay", ["interest", "principal", "residual"])
def test_a_step_paying_tranches_must_name_them(pay):
    account = "principal" if pay == "principal" else "interest"
    assert refused("bad_step", deal(interest=[{"pay": pay, "from": account}])) == {"waterfall": "normal", "pay": pay}
    assert refused("bad_step", deal(interest=[{"pay": pay, "from": account, "tranches": []}])) == {
        "waterfall": "normal", "pay": pay}
    named = structure.read(deal(interest=[{"pay": pay, "from": account, "tranches": ["A"]}]))
    assert named.waterfalls["normal"]["interest"][0].tranches == ("A",)


def test_a_fee_step_must_name_a_fee_of_the_structure():
    fees = [{"name": "trustee", "fixed_fen": 100}]
    assert refused("unknown_fee", deal(interest=[{"pay": "fee", "fee": "auditor", "from": "interest"}],
                                       fees=fees)) == {"waterfall": "normal", "fee": "auditor"}  # fmt: skip
    assert refused("unknown_fee", deal(interest=[{"pay": "fee", "from": "interest"}], fees=fees)) == {
        "waterfall": "normal", "fee": ""}
    named = structure.read(deal(interest=[{"pay": "fee", "fee": "trustee", "from": "interest"}], fees=fees))
    assert named.waterfalls["normal"]["interest"][0].fee == "trustee"
