"""Equivalent survivors of the securitisation engine's pool part, each with its reason (merged by
``scripts/mutation_equivalents.py``; same key format)."""

from __future__ import annotations

_P = "src/tanxin/securitisation/domain/"

EQUIVALENT: dict[str, str] = {
    _P + "analytics.py::measure::Decimal('0.0001') -> Decimal('1.0001')": (
        "quantize takes only the exponent of its argument, and both have exponent -4 (the WAL keeps four places)"),
    _P + "analytics.py::measure::0 -> 1": (
        "the survivor is max(..., default=0) -> default=1 (line 31), read only when the tranche received nothing: "
        "its flows become [-initial, 0.0] instead of [-initial], and an extra zero flow adds 0 to the present value "
        "at every rate, so irr gives the same None (no sign change, or all zero) and every measure is the same; the "
        "key also names line 45's `else 0` (killed by test_a_tranche_of_nothing_has_no_loss_share) and the t > 0 "
        "and pv > 0 tests of lines 37-39 (killed by the duration tests in test_domain_mutants_pool.py)"),
    _P + "formula.py::_divide::Decimal('Infinity') -> Decimal('Infinity')": (
        "the same text: the constant mutation adds 1 to Decimal('Infinity'), which is Infinity again"),
    _P + "formula.py::check::1 -> 2": (
        "check evaluates once on neutral metrics only to refuse a formula that cannot run, and no parsed formula "
        "fails on any metric value: names are all metrics, a zero divisor is handled by _divide, undefined results "
        "(infinity - infinity, 0 x infinity) are NaN and compare false with InvalidOperation untrapped, no power "
        "operator exists so 200 characters cannot overflow, and the top node is a comparison, and/or or not, which "
        "ExactOps answers with a bool; so 1 and 2 give the same acceptance (test_a_formula_subtracting_two_"
        "infinities_is_read_and_never_breaches checks the case that used to raise)"),
    _P + "pool.py::project::40 -> 41": (
        "forty or forty-one digits only move a fen total by about 10^-25 fen (balances below 10^19 fen), and _fen "
        "snaps every total to 10^-12 fen before rounding, so both give the same fen unless a total lies within "
        "10^-12 fen of a half fen without being one; checked on 20,000 random pools (1-6 loans of 1 fen to 10^11 "
        "fen, the three amortisations, rates, pledges, guarantees, named defaults, CDR/CPR, prices, shocks, drifts, "
        "lags) and on every exact half-fen tie of 87,759 bullet pools (1-199 fen, 1-49 months, CPR 20/50/75 %, "
        "three rates): no difference (without the snap, 66 of the random pools differed, all at such ties)"),
    _P + "pool.py::<module>::Decimal('1e-12') -> Decimal('1.000000000001')": (
        "quantize takes only the exponent of its argument, and both have exponent -12"),
    _P + "pool.py::project::default > 0 -> default >= 0": (
        "with default == 0 the defaulted tonnes are 0 (d_tonnes = tonnes x the same share), so the recovery added "
        "is min(0, 0 x price x slip + g x 0) = 0 at index t + lag - 1, always inside the horizon: every total "
        "keeps its value"),
    _P + "vectorpool.py::_recovery_sum::q > 0 -> q >= 0": (
        "the survivor is the inner safe divisor np.where(q > 0, q, 1) -> np.where(q >= 0, q, 1): where q == 0 it "
        "divides by 0 (inf or nan, errors ignored), but the outer np.where(q > 0, ..., np.inf) discards exactly those "
        "entries; the key also names the outer q > 0 (killed by test_on_paths_a_loan_with_no_pledge_and_no_"
        "guarantee_recovers_nothing_however_high_the_price)"),
    _P + "vectorpool.py::_recovery_sum::0 -> 1": (
        "the survivor is the inner safe divisor np.where(q > 0, q, 1) -> np.where(q > 1, q, 1): pledged tonnes are "
        "whole (Loan.pledged_t is an int), so it changes only q == 1, where it divides by 1 = q anyway; the key also "
        "names the outer q > 0 -> q > 1 (killed by test_on_paths_a_single_pledged_tonne_is_sold_for_its_price)"),
    _P + "vectorpool.py::_recovery_sum::1 -> 2": (
        "the safe divisor for unpledged loans (q == 0): the outer np.where(q > 0, ..., np.inf) discards c / 1 or "
        "c / 2 for the same infinite threshold; the key also names the 1 - g of line 79 and the cumulative "
        "index of line 87, both killed by the vector-against-exact tests"),
}
