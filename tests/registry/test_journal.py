from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tanxin.registry.domain import journal
from tanxin.registry.domain.journal import HashAlgorithm
from tanxin.registry.domain.ledger import Issue, Transfer, decide
from tanxin.registry.domain.model import apply

from .builders import ALICE, BOB, ISS, SZA23, registry


def _chain(algorithm: HashAlgorithm = HashAlgorithm.SHA256, n: int = 5) -> list[journal.JournalRecord]:
    snap, records = registry(), []
    for i in range(n):
        tx = decide(snap, Issue(ISS, ALICE, SZA23, 100 + i))
        snap = apply(snap, tx)
        records.append(
            journal.append(
                records[-1] if records else None, "tx", journal.transaction_payload(f"t{i}", tx), algorithm
            )
        )
    tx = decide(snap, Transfer(ALICE, BOB, SZA23, 50, date(2024, 3, 4), "u1"))
    records.append(journal.append(records[-1], "tx", journal.transaction_payload("t-x", tx), algorithm))
    anchor = journal.anchor_payload(date(2024, 3, 4), records[-1], journal.recompute_balances(records))
    records.append(journal.append(records[-1], "anchor", anchor, algorithm))
    return records


def test_each_hash_is_the_hash_of_the_previous_hash_and_the_canonical_body():
    records = _chain()
    first, second = records[0], records[1]
    assert first.prev_hash == journal.GENESIS and second.prev_hash == first.hash
    expected = journal.digest(first.hash.encode() + journal.canonical_json(second.body()))
    assert second.hash == expected


@pytest.mark.parametrize("algorithm", list(HashAlgorithm))
def test_an_untouched_chain_verifies_with_either_algorithm(algorithm):
    report = journal.verify_chain(_chain(algorithm))
    assert report.ok and report.records == 7


def test_sm3_and_sha256_chains_differ_and_sm3_matches_the_standard_test_vector():
    assert (
        journal.digest(b"abc", HashAlgorithm.SM3)
        == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    )
    assert _chain(HashAlgorithm.SM3)[-1].hash != _chain()[-1].hash


def test_an_edited_payload_is_reported_at_its_own_sequence_number():
    records = _chain()
    forged = records[2]
    payload = {
        **forged.payload,
        "postings": [{**p, "quantity": p["quantity"] * 10} for p in forged.payload["postings"]],
    }
    records[2] = journal.JournalRecord(forged.seq, forged.kind, payload, forged.prev_hash, forged.hash)
    report = journal.verify_chain(records)
    assert (report.ok, report.first_broken_seq, report.reason) == (False, 3, "hash_mismatch")


def test_a_rehashed_forgery_breaks_the_next_link():
    records = _chain()
    forged = journal.append(records[1], "tx", {"tx_id": "evil", "postings": [], "holds": []})
    records[2] = forged
    report = journal.verify_chain(records)
    assert (report.first_broken_seq, report.reason) == (4, "prev_hash_mismatch")


def test_a_deleted_record_is_a_sequence_gap():
    records = _chain()
    del records[3]
    assert journal.verify_chain(records).reason == "seq_gap"


@settings(max_examples=300, deadline=None)
@given(position=st.integers(min_value=0), bit=st.integers(0, 7))
def test_flipping_any_single_bit_of_the_exported_journal_is_caught(position, bit):
    exported = journal.export_jsonl(_chain())
    assert journal.verify_jsonl(exported).ok
    index = position % len(exported)
    tampered = bytearray(exported)
    tampered[index] ^= 1 << bit
    assert not journal.verify_jsonl(bytes(tampered)).ok


def test_balances_are_recomputed_from_postings_and_drift_is_reported_per_account():
    records = _chain()
    balances = journal.recompute_balances(records)
    assert balances[(ALICE, "SZA-2023")] == 100 + 101 + 102 + 103 + 104 - 50
    assert balances[(BOB, "SZA-2023")] == 50
    assert journal.balance_drift(records, balances) == []
    projection = {**balances, (BOB, "SZA-2023"): 49}
    (drift,) = journal.balance_drift(records, projection)
    assert (drift.account_id, drift.journal, drift.projection) == (BOB, 50, 49)


def test_the_daily_anchor_commits_to_the_head_and_the_balances():
    records = _chain()
    anchor = records[-1]
    assert anchor.kind == "anchor" and anchor.payload["head_hash"] == records[-2].hash
    assert anchor.payload["balances_digest"] == journal.balances_digest(journal.recompute_balances(records))


def test_an_anchor_that_does_not_match_the_replayed_balances_is_reported():
    records = _chain()[:-1]
    wrong = {**journal.recompute_balances(records), (BOB, "SZA-2023"): 51}
    records.append(
        journal.append(records[-1], "anchor", journal.anchor_payload(date(2024, 3, 4), records[-1], wrong))
    )
    report = journal.verify_chain(records)
    assert (report.first_broken_seq, report.reason) == (7, "anchor_mismatch")


@pytest.mark.parametrize("algorithm", list(HashAlgorithm))
@given(payloads=st.lists(st.dictionaries(st.text(max_size=6), st.one_of(st.integers(), st.text(max_size=8)),
                                         max_size=4), min_size=1, max_size=6))  # fmt: skip
@settings(max_examples=40, deadline=None)
def test_chaining_staged_canonical_text_gives_the_same_hashes_as_appending(algorithm, payloads):
    """The sealer hashes staged text directly; it must agree with ``append`` link for link, from any head."""
    start = _chain(algorithm, n=2)[-1]
    for head_seq, head_hash, previous in ((0, journal.GENESIS, None), (start.seq, start.hash, start)):
        appended, record = [], previous
        for payload in payloads:
            record = journal.append(record, "tx", {"note": "南山", **payload}, algorithm)
            appended.append((record.seq, "tx", journal.canonical_json(record.payload).decode(), record.prev_hash,
                             record.hash))  # fmt: skip
        texts = [("tx", journal.canonical_json({"note": "南山", **p}).decode()) for p in payloads]
        assert journal.chain_canonical(head_seq, head_hash, texts, algorithm) == appended
