"""Equivalent survivors of the securitisation engine's numerics part, each with its reason (merged by
``scripts/mutation_equivalents.py``; same key format)."""

from __future__ import annotations

_BRENT = "src/tanxin/securitisation/domain/roots.py::brent::"
_TIE = ("differs only on an exact floating-point tie ({tie}); on a tie either choice keeps b inside the bracket "
        "[b, c] and the loop still returns only once |m| <= tol1, so the answer stays within tol of a sign change. "
        "Fuzzed on 20,000 random brackets (jumps of -1/+1, where |f| ties at every step, odd powers up to the 9th, "
        "atan, exp and lines; tol 0, 1e-12, 1e-9, 1e-6, 1e-3, 0.1): no answer and no number of evaluations changed")
_WITHIN_TOL = ("it changes which interpolated steps Brent takes ({what}), never its bracket or its stopping test "
               "|m| <= tol1, so the answer stays a point of the final bracket: on 20,000 random brackets (jumps, odd "
               "powers up to the 9th, atan, exp, lines; tol 0 to 0.1) it never moved by more than 2 tol + 1e-15 "
               "max(1, |x|) from the original's and never ran into the 200-step cap where the original did not. The "
               "engine's only caller is irr (tol 1e-12 on a monthly rate), whose figures are reported as a yield in "
               "ppm a year (12e6 x 1e-12 = 1.2e-5 ppm) and a duration to 4 decimals: 4,000 random tranche cash-flow "
               "streams through analytics.measure gave identical figures")
_RNG_TIE = ("rng.random draws multiples of 2^-53 in [0, 1): the two comparisons differ only when a draw equals the "
            "switching probability exactly, a chance of 2^-53 per draw; the largest run allowed (20 million path-"
            "months) meets it with a probability of about 2e-9, so no run can show it")

EQUIVALENT: dict[str, str] = {
    # roots.py: Brent's method
    _BRENT + "fc > 0 -> fc >= 0": (
        "fc is never 0 at the sign test: c takes the value of a (the first end, whose f(a) == 0 has returned, or an "
        "earlier b whose fb == 0 has returned) or of b in the swap, which happens only when |fb| > |fc| >= 0"),
    _BRENT + "abs(d) > tol1 -> abs(d) >= tol1": (
        "at |d| == tol1 both branches add the same number: d is either m or an accepted p / q, and acceptance needs "
        "2p < 3mq - |tol1 q| with p >= 0, so mq > 0 and p / q has the sign of m (p == 0 gives d = 0, not tol1); "
        "b + d is then b + copysign(tol1, m)"),
    _BRENT + "abs(e) >= tol1 -> abs(e) > tol1": _TIE.format(tie="|e| == tol1: interpolate or halve"),
    _BRENT + "abs(fa) > abs(fb) -> abs(fa) >= abs(fb)": _TIE.format(
        tie="|fa| == |fb|: the secant through two points of equal |f| is the midpoint, the very point halving takes"),
    _BRENT + "p > 0 -> p >= 0": _TIE.format(tie="p == 0, where the step p / q is 0 either way"),
    _BRENT + "2 * p < min(3 * m * q - abs(tol1 * q), abs(e * q)) -> 2 * p <= min(3 * m * q - abs(tol1 * q), "
    "abs(e * q))": _TIE.format(tie="2p equal to the acceptance bound"),
    _BRENT + "3 * m * q - abs(tol1 * q) -> 3 * m * q + abs(tol1 * q)": (
        "it also accepts an interpolated step between 1.5|m| - tol1/2 and 1.5|m| + tol1/2 long, a sliver tol1 wide "
        "that still lies inside the bracket (|m| > tol1 when a step is taken), and the loop still returns only once "
        "|m| <= tol1. Fuzzed on 20,000 random brackets (jumps, odd powers up to the 9th, atan, exp, lines; tol 0 to "
        "0.1): no answer and no number of evaluations changed"),
    _BRENT + "b - a -> b + a": _WITHIN_TOL.format(
        what="line 25: the step remembered after the contrapoint is reset; the key also names line 21's b - a, "
             "killed by test_on_a_straight_line_brents_first_secant_step_lands_on_the_root, and line 39's, killed "
             "by the convergence tests"),
    _BRENT + "abs(e) >= tol1 and abs(fa) > abs(fb) -> abs(e) >= tol1 or abs(fa) > abs(fb)": _WITHIN_TOL.format(
        what="it tries interpolation in more cases, each still checked by the acceptance test"),
    _BRENT + "3 -> 4": _WITHIN_TOL.format(what="it accepts interpolated steps up to the whole bracket, not 3/4 of it"),
    _BRENT + "tol1 * q -> tol1 / q": _WITHIN_TOL.format(what="a different margin in the acceptance test"),
    # montecarlo.py
    "src/tanxin/securitisation/domain/montecarlo.py::_tranche_stats::0.0 -> 1.0": (
        "unreachable: worst holds the sorted shares from index floor(0.99 n), and n >= 1 (check_size refuses fewer "
        "than one path), so floor(0.99 n) < n and worst is never empty"),
    "src/tanxin/securitisation/domain/montecarlo.py::scenario_losses::1 -> 2": (
        "line 110: arange(periods + 2) only adds a last price column that vectorpool.project never reads (it reads "
        "x_all[:, t + lag] with t + lag <= periods); the key also names the 1 -> 2 mutants of lines 109 and 112 (the "
        "monthly default rate and the price shock), killed by the break-even and loss-grid tests"),
    # ops.py
    "src/tanxin/securitisation/domain/ops.py::<module>::Decimal('Infinity') -> Decimal('Infinity')": (
        "Decimal('Infinity') + 1 is Decimal('Infinity'): the mutant is the same value"),
    "src/tanxin/securitisation/domain/ops.py::ArrayOps.share::whole > 0 -> whole >= 0": (
        "line 102: the safe divisor only matters where the outer np.where keeps the quotient (whole > 0), and there "
        "both pick whole; at whole == 0 the mutant divides by 0 and the outer np.where discards it for 0.0. The key "
        "also names line 103's, killed by "
        "test_a_share_of_an_empty_whole_is_nothing_in_both_backends_whatever_the_part"),
    "src/tanxin/securitisation/domain/ops.py::ArrayOps.share::0 -> 1": (
        "line 102: the safe divisor differs only where 0 < whole <= 1, and whole is a sum of whole fen (see the "
        "waterfall's _WHOLE_FEN reason), so there whole == 1 and 1.0 is the same divisor; the key also names line "
        "103's, which is killed"),
    # paths.py
    "src/tanxin/securitisation/domain/paths.py::calibrate::c > 0 -> c >= 0": (
        "c and c >= 0 differs from c and c > 0 only at c == 0, which the truthiness test already drops (a zero "
        "Decimal is false)"),
    "src/tanxin/securitisation/domain/paths.py::prices::u[:, t] >= model.p_stressed_to_calm -> "
    "u[:, t] > model.p_stressed_to_calm": _RNG_TIE,
    "src/tanxin/securitisation/domain/paths.py::prices::u[:, t] < model.p_calm_to_stressed -> "
    "u[:, t] <= model.p_calm_to_stressed": _RNG_TIE,
}
