"""Brent's method and bisection, where generated mutants showed rules no test pinned: the secant step that lands on
a straight line's root, the safeguard that keeps a flat root within the tolerance, the inclusive tolerance, its
machine-precision term, the iteration caps and the yes/no answers bisection reads. Each case is worked by hand."""

from __future__ import annotations

import pytest

from tanxin.securitisation.domain import roots
from tests.securitisation.domain_builders import counted


def jump_at(x0, low=-1.0, high=1.0):
    return lambda x: low if x < x0 else high


# -- Brent -----------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("f,a,b,root", [
    (lambda x: 5 * x - 2, 0.0, 1.0, 0.4),
    (lambda x: x, -2.0, 3.0, 0.0),
])  # fmt: skip
def test_on_a_straight_line_brents_first_secant_step_lands_on_the_root(f, a, b, root):
    # 5x - 2 on [0, 1]: f(0) = -2, f(1) = 3, so 0 (nearer zero) becomes the estimate b and 1 the other end c.
    # m = (c - b) / 2 = 0.5; s = f(b) / f(a) = -2/3, p = 2ms = -2/3, q = 1 - s = 5/3; p <= 0, so p = 2/3 and the
    # secant step p / q = 0.4 is taken (2p = 4/3 is below 3mq = 2.5 and below |e q| = 5/3, e = the first bracket, 1).
    # b = 0.4, where 5 × 0.4 - 2 is exactly 0: three evaluations in all.
    # x on [-2, 3]: b = -2, c = 3, m = 2.5, e = 3 - (-2) = 5; s = -2/3, p = 10/3, q = 5/3; 2p = 20/3 is below
    # 3mq = 12.5 and |e q| = 25/3, so the step 2 is taken: b = 0, the root, again at the third evaluation.
    g, calls = counted(f)
    assert roots.brent(g, a, b) == root
    assert len(calls) == 3


def test_brent_brings_the_flat_root_of_x_to_the_ninth_within_its_tolerance():
    # Near 0, x⁹ is so flat that interpolated steps crawl; the safeguard (a step must be shorter than half the step
    # before last and stay within three quarters of the bracket) makes Brent halve instead, and the 200 steps it may
    # take are enough to close the bracket to the default tolerance of 1e-12.
    assert abs(roots.brent(lambda x: x**9, -1.0, 2.0)) <= 1e-12


def test_a_bracket_exactly_as_wide_as_the_tolerance_is_answered_at_once_with_its_second_end():
    # A jump at 0.1 bracketed by a = 0.25 and b = 0 with tol = 0.25: half the bracket, 0.125, is not more than
    # tol1 = 2 × 2.2e-16 × |b| + tol / 2 = 0.125 (|b| = 0), so the bracket is already closed and nothing else is
    # evaluated. |f| is 1 at both ends, so neither is nearer the root and Brent keeps b (it swaps only for a strictly
    # smaller |f|): the answer is 0, within tol of the jump.
    g, calls = counted(jump_at(0.1))
    assert roots.brent(g, 0.25, 0.0, tol=0.25) == 0.0
    assert len(calls) == 2


def test_with_no_absolute_tolerance_brent_stops_at_machine_precision_relative_to_the_root():
    # A jump at 1,000,000.3 in [1,000,000, 1,000,001] with tol = 0: tol1 = 2 × 2.2e-16 × 1e6 = 4.4e-10. On a ±1 jump
    # every step halves the bracket (the secant through two points of equal |f| is the midpoint), and Brent stops
    # once half the bracket is at most 4.4e-10: 2^-(k+1) <= 4.4e-10 first holds after k = 31 halvings (2^-32 =
    # 2.3e-10; 2^-31 = 4.7e-10 is too wide). 2 + 31 = 33 evaluations, and the answer is within 2 × 4.4e-10 of the jump.
    x0 = 1_000_000.3
    g, calls = counted(jump_at(x0))
    root = roots.brent(g, 1_000_000.0, 1_000_001.0, tol=0.0)
    assert len(calls) == 33
    assert abs(root - x0) <= 8.8e-10


def test_brent_gives_up_after_two_hundred_steps_and_answers_its_last_estimate():
    # A jump at 1 in [0, 1e300]: halving 1e300 down to 1e-12 would take about 1,040 steps, more than the 200
    # allowed. Brent stops after 200 steps (202 evaluations with the two ends) and answers its current estimate, a
    # number inside the bracket.
    g, calls = counted(jump_at(1.0))
    root = roots.brent(g, 0.0, 1e300)
    assert len(calls) == 202
    assert isinstance(root, float) and 0.0 < root < 1e300


# -- bisection -------------------------------------------------------------------------------------------------------
def test_bisection_without_a_tolerance_closes_the_bracket_to_a_billionth():
    # The default tolerance is 1e-9: the jump at 0.3 is found to that, from [0, 1] (30 halvings).
    assert abs(roots.bisect(jump_at(0.3, 1, -1), 0.0, 1.0) - 0.3) <= 1e-9


def test_bisection_stops_as_soon_as_the_bracket_is_no_wider_than_the_tolerance():
    # Jump at 0.3 in [0, 1], tol = 0.25: 0.5 answers "no", so [0, 0.5]; 0.25 answers "yes", so [0.25, 0.5], which is
    # 0.25 wide: no wider than tol, so bisection stops and answers the middle, 0.375 (one more halving would give
    # [0.25, 0.375] and 0.3125).
    assert roots.bisect(jump_at(0.3, 1, -1), 0.0, 1.0, tol=0.25) == 0.375


def test_bisection_measures_the_width_of_a_bracket_around_zero():
    # [-1, 1] is 2 wide even though its ends add up to 0: the jump at 0.3 is found to 1e-9.
    assert abs(roots.bisect(jump_at(0.3, 1, -1), -1.0, 1.0, tol=1e-9) - 0.3) <= 1e-9


def test_bisection_stops_after_a_hundred_halvings_even_when_the_bracket_is_still_wide():
    # [0, 2^120] with the jump at 1: each halving keeps [0, 2^(120 - k)], so after the 100 halvings allowed the
    # bracket is [0, 2^20], far wider than 1e-9, and the answer is its middle, 2^19.
    assert roots.bisect(jump_at(1.0, 1, -1), 0.0, 2.0**120) == 2.0**19


def test_bisection_reads_a_yes_no_answer_given_as_a_boolean():
    # The function may answer True/False as well as ±1: True is "yes" (> 0), False is "no". The switch at 0.3 is
    # found from either side.
    below = lambda x: x < 0.3  # noqa: E731
    assert abs(roots.bisect(below, 0.0, 1.0, tol=1e-9) - 0.3) <= 1e-9
    assert abs(roots.bisect(lambda x: not below(x), 0.0, 1.0, tol=1e-9) - 0.3) <= 1e-9
