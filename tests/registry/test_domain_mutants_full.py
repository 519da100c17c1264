"""Edges the full mutation run of the registry domain found untested: the compliance position's defaults and
boundary days, trading days around make-up Saturdays, the penalty's refusals, the journal's genesis.

Each number is worked by hand in the comment above its assertion.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from tanxin.common.errors import DomainError
from tanxin.registry.domain import journal, rule_packs
from tanxin.registry.domain.compliance import (
    ComplianceInput,
    Status,
    SurrenderEvent,
    add_trading_days,
    assess,
    penalty_fen,
    surrender_rules,
)
from tanxin.registry.domain.rule_packs import load_rule_book, parse_rule_book

SHENZHEN = load_rule_book().pack("shenzhen")  # deadline 30 August of the next year, offsets capped at 10 %
DEADLINE_2023 = date(2024, 8, 30)


def unit(emissions: int, *surrenders: SurrenderEvent, **kw) -> ComplianceInput:
    return ComplianceInput("ent-1", 2023, emissions, surrenders, **kw)


def test_an_input_without_holdings_pledges_or_freezes_counts_them_as_zero():
    # 100 t owed, nothing surrendered, nothing held: position 0 - 100 = -100, nothing free to pledge.
    r = assess(SHENZHEN, unit(100), date(2024, 6, 1))
    assert (r.carbon_position_t, r.surplus_t, r.pledgeable_t) == (-100, 0, 0)
    # Fully surrendered with 50 t left in the account: all 50 t are surplus and free to pledge.
    done = assess(SHENZHEN, unit(100, SurrenderEvent(date(2024, 6, 1), 100), eligible_holdings_t=50),
                  date(2024, 6, 2))  # fmt: skip
    assert (done.carbon_position_t, done.surplus_t, done.pledgeable_t) == (50, 50, 50)


def test_an_offset_cap_used_up_leaves_nothing_not_one_tonne():
    # 10 % of 1,000 t = 100 t of offsets; 100 used leaves 0, 120 used leaves 0 too (never negative).
    assert surrender_rules(SHENZHEN, 2023, 1_000, 100).offset_cap_remaining_t == 0
    assert surrender_rules(SHENZHEN, 2023, 1_000, 120).offset_cap_remaining_t == 0
    assert surrender_rules(SHENZHEN, 2023, 1_000, 99).offset_cap_remaining_t == 1


def test_a_unit_with_no_verified_emissions_is_compliant_and_negative_tonnes_are_refused():
    r = assess(SHENZHEN, unit(0), date(2024, 9, 30))
    assert (r.obligation_t, r.shortfall_t, r.status, r.completed_on) == (0, 0, Status.COMPLIANT, None)
    for bad in (unit(-1), unit(10, eligible_holdings_t=-1)):
        with pytest.raises(DomainError) as caught:
            assess(SHENZHEN, bad, date(2024, 9, 30))
        assert caught.value.code == "not_positive"


def test_a_surrender_on_the_as_of_day_counts_that_day():
    r = assess(SHENZHEN, unit(100, SurrenderEvent(date(2024, 6, 3), 100)), date(2024, 6, 3))
    assert (r.shortfall_t, r.status, r.completed_on) == (0, Status.COMPLIANT, date(2024, 6, 3))


def test_a_surrender_on_the_deadline_itself_is_on_time():
    r = assess(SHENZHEN, unit(100, SurrenderEvent(DEADLINE_2023, 100)), date(2024, 9, 30))
    assert (r.shortfall_at_deadline_t, r.status, r.completed_on) == (0, Status.COMPLIANT, DEADLINE_2023)
    # 90 t of allowances in July and the last 10 t as offsets (within the 10 % cap) on the deadline itself.
    mixed = assess(SHENZHEN, unit(100, SurrenderEvent(date(2024, 7, 1), 90),
                                  SurrenderEvent(DEADLINE_2023, 10, offset=True)), date(2024, 9, 30))  # fmt: skip
    assert (mixed.shortfall_at_deadline_t, mixed.status, mixed.completed_on) == (0, Status.COMPLIANT, DEADLINE_2023)


def test_offsets_within_the_cap_reduce_the_shortfall_at_the_deadline():
    # 1,000 t owed: 900 t of allowances and 100 t of CCER (the 10 % cap) by the deadline leave 1,000 - 900 - 100 = 0.
    r = assess(SHENZHEN, unit(1_000, SurrenderEvent(date(2024, 7, 1), 900),
                              SurrenderEvent(date(2024, 7, 2), 100, offset=True)), date(2024, 9, 30))  # fmt: skip
    assert (r.shortfall_at_deadline_t, r.offsets_counted_t, r.status) == (0, 100, Status.COMPLIANT)
    # 850 t of allowances and 150 t of offsets: only 100 t count, 1,000 - 850 - 100 = 50 t short at the deadline.
    short = assess(SHENZHEN, unit(1_000, SurrenderEvent(date(2024, 7, 1), 850),
                                  SurrenderEvent(date(2024, 7, 2), 150, offset=True)), date(2024, 9, 30))  # fmt: skip
    assert (short.shortfall_at_deadline_t, short.status) == (50, Status.NON_COMPLIANT)


def test_the_penalty_refuses_a_negative_shortfall_or_a_negative_price():
    for shortfall, price in ((-1, Decimal("40")), (1, Decimal("-0.01"))):
        with pytest.raises(DomainError) as caught:
            penalty_fen(SHENZHEN, shortfall, price)
        assert caught.value.code == "not_positive"
    # 3 x 40.00 yuan x 0 t = 0 fen: a zero shortfall at a zero price is allowed.
    assert penalty_fen(SHENZHEN, 0, Decimal(0)) == 0


def test_a_make_up_saturday_is_a_workday_but_not_a_trading_day():
    # Saturday 11 May 2024 is an adjusted workday (调休); exchanges stay closed: Friday 10 May + 1 = Monday 13 May.
    assert add_trading_days(date(2024, 5, 10), 1) == date(2024, 5, 13)
    # 1-5 May 2024 is the Labour Day holiday (Wednesday to Sunday): Tuesday 30 April + 1 = Monday 6 May.
    assert add_trading_days(date(2024, 4, 30), 1) == date(2024, 5, 6)
    # An ordinary week: Monday 17 June + 4 = Friday 21 June, + 5 = Monday 24 June (the weekend skipped).
    assert add_trading_days(date(2024, 6, 17), 4) == date(2024, 6, 21)
    assert add_trading_days(date(2024, 6, 17), 5) == date(2024, 6, 24)


def test_the_first_journal_record_links_to_sixty_four_zeros():
    first = journal.append(None, "tx", {"postings": []})
    assert first.prev_hash == "0" * 64 == journal.GENESIS
    assert journal.verify_chain([first]).ok


def test_staged_records_with_a_chinese_kind_chain_to_the_same_hashes_as_appending():
    # The kind is spelled in UTF-8 in the hashed body, as canonical JSON spells it, never as \\u escapes.
    record = journal.append(None, "锚点", {"postings": []})
    text = journal.canonical_json(record.payload).decode()
    assert journal.chain_canonical(0, journal.GENESIS, [("锚点", text)]) == [
        (1, "锚点", text, journal.GENESIS, record.hash)
    ]


def _tx(previous, quantity: int):
    """One record moving ``quantity`` t of SZA-2023 from account b to account a."""
    postings = [{"account": "a", "instrument": "SZA-2023", "quantity": quantity},
                {"account": "b", "instrument": "SZA-2023", "quantity": -quantity}]  # fmt: skip
    return journal.append(previous, "tx", {"postings": postings})


def test_an_anchor_names_the_head_record_or_sequence_zero_before_the_first():
    first = _tx(None, 5)
    second = _tx(first, 3)
    day = date(2024, 6, 3)
    assert (journal.anchor_payload(day, None, {})["head_seq"], journal.anchor_payload(day, None, {})["head_hash"]) \
        == (0, journal.GENESIS)
    assert journal.anchor_payload(day, second, {})["head_seq"] == 2
    assert journal.anchor_payload(day, first, {})["head_hash"] == first.hash


def test_a_broken_chain_is_reported_as_not_ok_with_the_record_count_and_sequence():
    first = _tx(None, 5)
    second = _tx(first, 3)
    third = _tx(second, 1)
    assert journal.verify_chain([first, third]) == journal.ChainReport(False, 2, 3, "seq_gap")
    # Replayed balances after the first record: a +5, b -5; an anchor claiming nothing does not match them.
    good = journal.append(first, "anchor", journal.anchor_payload(date(2024, 6, 3), first, {("a", "SZA-2023"): 5,
                                                                                          ("b", "SZA-2023"): -5}))
    assert journal.verify_chain([first, good]) == journal.ChainReport(True, 2)
    bad = journal.append(first, "anchor", journal.anchor_payload(date(2024, 6, 3), first, {}))
    assert journal.verify_chain([first, bad]) == journal.ChainReport(False, 2, 2, "anchor_mismatch")


def test_an_unreadable_line_of_an_export_is_reported_at_its_line_number():
    assert journal.verify_jsonl(b"not json\n") == journal.ChainReport(False, 1, 1, "unreadable")
    exported = journal.export_jsonl([_tx(None, 5)])
    assert journal.verify_jsonl(exported + b"{}\n") == journal.ChainReport(False, 2, 2, "unreadable")


def test_drift_is_reported_for_a_balance_only_one_side_holds():
    # The journal holds a +1 and b -1; the projection holds b -1 and c +1 (one tonne each, the smallest drift).
    records = [_tx(None, 1)]
    projection = {("b", "SZA-2023"): -1, ("c", "SZA-2023"): 1}
    assert journal.balance_drift(records, projection) == [journal.Drift("a", "SZA-2023", 1, 0),
                                                           journal.Drift("c", "SZA-2023", 0, 1)]  # fmt: skip
    assert journal.balance_drift(records, {("a", "SZA-2023"): 1, ("b", "SZA-2023"): -1}) == []


def _raw_book() -> dict:
    return json.loads(rule_packs.DEFAULT_PATH.read_text(encoding="utf-8"))


def test_an_unknown_rule_pack_is_refused_by_name():
    with pytest.raises(DomainError) as caught:
        load_rule_book().pack("mars")
    assert caught.value.code == "unknown_rule_pack"


def test_reward_tiers_are_kept_highest_threshold_first_whatever_order_they_are_written_in():
    raw = _raw_book()
    raw["surplus_rewards"]["nanshan_2016"]["tiers"].reverse()  # 1,000 t, 10,000 t, 30,000 t
    tiers = parse_rule_book(raw).surplus_rewards["nanshan_2016"]
    assert [t.above_t for t in tiers] == [30_000, 10_000, 1_000]


def test_a_plain_note_beside_the_tagged_values_is_not_a_parameter():
    raw = _raw_book()
    raw["packs"]["shenzhen"]["notes"] = {"text": "kept for the bureau"}  # a dict without a confidence tag
    raw["packs"]["shenzhen"]["name_en"] = "Shenzhen ETS (confidence pending)"  # text that mentions the word
    pack = parse_rule_book(raw).pack("shenzhen")
    assert "notes" not in pack.params and "name_en" not in pack.params
    assert pack.name_en == "Shenzhen ETS (confidence pending)"


@pytest.mark.parametrize(("confidence", "source"), [("V", ""), ("X", "Order 343"), ("X", "")])
def test_a_value_without_a_known_tag_or_without_a_source_makes_the_book_malformed(confidence, source):
    raw = _raw_book()
    raw["packs"]["shenzhen"]["penalty_average_months"].update(confidence=confidence, source=source)
    with pytest.raises(DomainError) as caught:
        parse_rule_book(raw)
    assert caught.value.code == "bad_rule_pack"
