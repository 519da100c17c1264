"""Surviving mutants that cannot change behaviour, each with the reason (read by ``scripts/mutation.py``).

Key: ``<path>::<enclosing function>::<before> -> <after>`` as printed by ``scripts/mutation.py --list`` and
stored in ``var/mutation/<module>.json``. A survivor that is not here is a missing test (or a bug).
"""

from __future__ import annotations

_COST_FLOOR = ("the cost part is max(0, 100,000 - net) * 100 // 100,000: where the floor applies the difference "
               "is <= 0, and a floor of 1 gives 1 * 100 // 100,000 = 0 as well")

_SCHED_ZERO = ("the rounding branch only moves -sched fen from prepayments, then defaults, into scheduled principal: "
               "at sched == 0 it takes min(0, prepaid) = 0 and adds 0 to the defaults, changing nothing")
_WHOLE_FEN = ("every vector amount in the interpreter is a whole number of fen held in float64 (np.rint, np.floor and "
              "sums of them, exact below 2^53 fen = 90 trillion yuan), so a conservation gap is 0 or at least one "
              "whole fen: a threshold of 0.5, >= 0.5 or 1.5 separates the same cases")

EQUIVALENT: dict[str, str] = {
    "src/tanxin/matchmaking/domain/ranking.py::_cost_score::0 -> 1": _COST_FLOOR,
    "src/tanxin/matchmaking/domain/ranking.py::Catalogue.scores::0 -> 1": _COST_FLOOR,
    "src/tanxin/registry/domain/ledger.py::_reverse::s.account(p.account_id) -> pass": (
        "the safety net _check_result looks up every posted account with the same Snapshot.account, so an unknown "
        "account is refused with the same unknown_account (tests/registry/test_domain_mutants_ledger.py)"),
    # accounting
    "src/tanxin/accounting/domain/calc/views.py::_emissions::raise AccountingError('unknown_line_type', "
    "kind=type(line).__name__) -> pass": (
        "unreachable: _emissions is only called by calculate_line and calculate_line_in_views after "
        "source_type_of(line), which raises the same unknown_line_type for a line type it does not know "
        "(tests/accounting/test_domain_mutants_views.py)"),
    "src/tanxin/accounting/domain/lean.py::_View.weigh::0 -> 1": (
        "the survivor is gases[0][0] == 'CO2' -> gases[0][1] == 'CO2' (a Decimal mass is never 'CO2'), so every slot "
        "takes the general loop, which for a lone CO2 gives the identical Slot: CO2 is always counted and in the "
        "Kyoto group, kg x GWP, total ZERO + co2e, no memo; only the shortcut is lost. The other 0 -> 1 mutants of "
        "weigh index gases[1] and fail on every single-gas slot (tests/accounting/test_domain_mutants_lean.py)"),
    'src/tanxin/accounting/domain/calc/energy.py::calculate_electricity::sign < 0 -> sign <= 0': (
        'sign is Decimal(-1) or Decimal(1): sign < 0, sign <= 0 and sign < 1 pick the same label for both'),
    'src/tanxin/accounting/domain/calc/energy.py::calculate_electricity::0 -> 1': (
        'the survivor is the label test sign < 0 -> sign < 1: sign is -1 or 1, the same label either way (the exported'
        ' zero Decimal(0) -> Decimal(1) mutant of this function is killed)'),
    'src/tanxin/accounting/domain/calc/steam.py::saturated_state::lower.pressure_mpa <= pressure_mpa <= '
    'upper.pressure_mpa -> lower.pressure_mpa < pressure_mpa <= upper.pressure_mpa': (
        'only a pressure equal to the first row changes path: no pair matches and the fallback returns table[0] '
        'itself, the values interpolation gives with share 0 (equal numbers; the stored kgCO2e are the same)'),
    'src/tanxin/accounting/domain/calc/views.py::calculate_line_in_views::source_type in _VIEW_INDEPENDENT or '
    "(source_type is SourceType.HEAT and getattr(line, '... -> source_type in _VIEW_INDEPENDENT and (source_type is "
    'SourceType.HEAT and getattr(line, ...': (
        'nothing is shared any more: each view computes the view-independent emission itself, with the same operands '
        'and a fresh trace, as the shared copy would give (only slower)'),
    'src/tanxin/accounting/domain/calc/views.py::calculate_lines_in_views::True -> False': (
        "zip(strict=...) over the policies and calculate_line_in_views's list, which has one entry per policy"),
    'src/tanxin/accounting/domain/inventory.py::build_inventories::True -> False': (
        "zip(strict=...) over the policies and calculate_lines_in_views's list, which has one entry per policy"),
    'src/tanxin/accounting/domain/lean_year.py::lean_year::True -> False': (
        'zip(strict=...) over three keys and three sums'),
    'src/tanxin/accounting/domain/quality.py::_jumps::True -> False': (
        'zip(strict=...) over the entries and their converted amounts, built from the same list'),
    'src/tanxin/accounting/domain/factors.py::select_factor::0 -> 1': (
        'every candidate gets the same level rank; only rank differences matter (sort key, less_local)'),
    'src/tanxin/accounting/domain/factors.py::_rank::1 -> 2': (
        'undated sorts after dated whether it is 1 or 2 against 0'),
    'src/tanxin/accounting/domain/factors.py::_rank::0 -> 1': (
        "the survivor is an undated factor's distance 0 -> 1: undated factors only compare among themselves (the first"
        ' key), where the distance is the same for all (the dated 0 -> 1 mutant is killed)'),
    'src/tanxin/accounting/domain/factors.py::_why_not::9 -> 10': (
        "the survivor is the chosen factor's default rank 9 -> 10: a candidate's rank (0-2, or 9 when unknown) exceeds"
        " neither 9 nor 10 (the candidate's 9 -> 10 is killed by the unrecognised-tag tie test)"),
    'src/tanxin/accounting/domain/factors.py::propose_restatements::0 -> 1': (
        'a provisional choice always has a year, and a year is never 0, 1 or between them and a real vintage; an '
        'undated current factor (None -> 0 or 1) is below every vintage either way'),
    'src/tanxin/accounting/domain/inventory.py::to_kg_int::1 -> 2': (
        'quantize takes only the exponent: Decimal(1) and Decimal(2) both 0'),
    "src/tanxin/accounting/domain/quality.py::check_measured_factors::Decimal('0.1') -> Decimal('1.1')": (
        'quantize takes only the exponent: 0.1 and 1.1 both -1'),
    "src/tanxin/accounting/domain/quality.py::_jumps::Decimal('0.1') -> Decimal('1.1')": (
        'quantize takes only the exponent: 0.1 and 1.1 both -1'),
    'src/tanxin/accounting/domain/quality.py::check_results::1 -> 2': (
        'quantize takes only the exponent: Decimal(1) and Decimal(2) both 0'),
    "src/tanxin/accounting/domain/lean.py::_View.weigh::kg * self.gwp('CO2') -> kg / self.gwp('CO2')": (
        'CO2 is the reference gas, GWP 1 by definition in every IPCC set (data/accounting/gwp_100yr.csv): kg / 1 is kg'
        ' * 1, the identical Decimal'),
    # securitisation
    "src/tanxin/securitisation/domain/formula.py::_eval::True -> False": (
        "zip(node.ops, node.comparators, strict=...) over an ast.Compare: Python's parser always gives a comparison "
        "as many operators as comparators, so strictness never fires"),
    "src/tanxin/securitisation/domain/pool.py::_to_fen::sched < 0 -> sched <= 0": _SCHED_ZERO,
    "src/tanxin/securitisation/domain/pool.py::_to_fen::0 -> 1": _SCHED_ZERO + (
        " (the key also names the other 0 -> 1 mutants of _to_fen, lines 188 and 190: both are killed, by "
        "test_a_rounding_excess_with_no_prepayment_is_taken_back_from_defaults and the golden deals)"),
    "src/tanxin/securitisation/domain/vectorpool.py::project::sum_b > 0 -> sum_b >= 0": (
        "sum_b == 0 means every scheduled balance b_i is 0 (balances are never negative), and then the recovery "
        "Σ g_i b_i + min((1 - g_i) b_i, q_i x) is 0 for every price x >= 0: the row it would write is the 0 "
        "already there"),
    "src/tanxin/securitisation/domain/waterfall.py::Interpreter._reserve_target::o.zero() if o.vector else 0 -> "
    "o.zero() if not o.vector else 0": (
        "ExactOps.zero() is the integer 0, and in the vector backend a scalar 0 broadcasts against the path arrays "
        "exactly as np.zeros(n) does: both branches give the same target"),
    "src/tanxin/securitisation/domain/waterfall.py::Interpreter._close_period::0.5 -> 1.5": _WHOLE_FEN,
    "src/tanxin/securitisation/domain/waterfall.py::Interpreter._close_period::abs(gap).max() > 0.5 -> "
    "abs(gap).max() >= 0.5": _WHOLE_FEN,
    "src/tanxin/securitisation/domain/analytics.py::measure::pv > 0 -> pv >= 0": (
        "what a tranche receives is never negative, so pv == 0 means it received nothing; its flows are then "
        "-initial, 0, ..., 0, which have no sign change, irr returns None and this line is not reached"),
    "src/tanxin/securitisation/domain/formula.py::check::raise refuse('bad_trigger', 'the trigger formula does not "
    "give yes or no', formula=text) -> pass": (
        "unreachable: parse only lets through a comparison, and/or or not at the top, and ExactOps evaluates those "
        "with land, lor and lnot, which always return a bool"),
    "src/tanxin/securitisation/domain/ops.py::ExactOps.maximum::a >= b -> a > b": (
        "the two differ only when a == b, and then they return the other of two equal Python ints (every exact "
        "amount is an int in fen)"),
    "src/tanxin/securitisation/domain/ops.py::ExactOps.false::return False -> return None": (
        "false() only seeds the trigger states, each overwritten in _triggers before it is read or stored (lor "
        "gives bool(None or x) == bool(False or x)), and the step-down's blocked flag, read only through lor and "
        "where, for which None and False are both false"),
    "src/tanxin/securitisation/domain/ops.py::ArrayOps.share::1.0 -> 2.0": (
        "the safe divisor only stands in where whole <= 0, and there the outer np.where discards the quotient "
        "for 0.0"),
    "src/tanxin/securitisation/domain/paths.py::calibrate::0.05 -> 1.05": (
        "unreachable with four or more months: at least half the months are at or below the median, so at least "
        "two are calm and one of them is followed by another month, and calm_from is never empty"),
    "src/tanxin/securitisation/domain/roots.py::brent::fb > 0 -> fb >= 0": (
        "both comparisons of fb's sign come after fb == 0 has returned (before the loop, and in the loop, where a "
        "zero fb reaches the fb == 0 return whatever c is, no swap being possible with abs(fb) == 0)"),
    "src/tanxin/securitisation/domain/vectorpool.py::schedules::1 -> 2": (
        "the (loans, periods + 2) array only adds a last column no one reads (project reads columns 0..periods); "
        "the key also names schedules' two other 1 -> 2 mutants, range(2, …) and range(…, periods + 2), killed by "
        "test_on_paths_with_a_constant_rate_every_figure_of_the_exact_projection_is_reproduced_to_the_fen and an "
        "IndexError"),
    "src/tanxin/securitisation/domain/waterfall.py::Interpreter._support::o.zero() if o.vector else 0 -> "
    "o.zero() if not o.vector else 0": (
        "ExactOps.zero() is the integer 0, and in the vector backend a scalar 0 broadcasts against the path arrays "
        "exactly as np.zeros(n) does"),
    "src/tanxin/securitisation/domain/waterfall.py::Interpreter._pay_principal::0 -> 1": (
        "targets of a path that does not use the waterfall (mask false) only meet that path's available cash, which "
        "where(mask, ..., 0) makes 0: min(0, target) and a pro-rata split of 0 pay 0 whatever the target; the key "
        "also names the other three 0 -> 1 mutants of _pay_principal (lines 188, 202, 203), all killed by "
        "tests/securitisation/test_domain_mutants_waterfall.py and the golden deals"),
    "src/tanxin/securitisation/domain/analytics.py::measure::monthly > -1 -> monthly >= -1": (
        "irr searches [-0.99, 1] and Brent never leaves its bracket, so a monthly yield is always above -1"),
    "src/tanxin/securitisation/domain/analytics.py::measure::1 -> 2": (
        "line 36: irr searches [-0.99, 1] and Brent never leaves its bracket, so monthly > -1 and monthly > -2 "
        "always hold; the key also names the 1 -> 2 mutants of lines 37, 39 and 40, killed by the duration tests "
        "in test_domain_mutants_pool.py"),
    "src/tanxin/securitisation/domain/analytics.py::measure::t > 0 -> t >= 0": (
        "in the Macaulay sum the period-0 term is 0 × flow = 0 (line 39); the key also names the present-value sum's "
        "t > 0 (line 37), which is killed by the duration tests in test_domain_mutants_pool.py"),
    "src/tanxin/securitisation/domain/base.py::_ratio::Decimal('0.0001') -> Decimal('1.0001')": (
        "quantize takes only the exponent of its argument, and both have exponent -4"),
    "src/tanxin/securitisation/domain/montecarlo.py::_bracket::6 -> 7": (
        "line 162 rounds xs[0] only when the first scenario already loses, which happens only in the first round "
        "(later rounds start at a point that did not lose, re-evaluated identically), where xs[0] = 0.0 rounds the "
        "same to 6 or 7 places; the key also names line 169's rounding, killed by "
        "test_the_break_even_cdr_is_given_to_six_decimals_next_to_the_hand_computed_one"),
    "src/tanxin/securitisation/domain/ops.py::ExactOps.minimum::a <= b -> a < b": (
        "the two differ only when a == b, and then they return the other of two equal Python ints (every exact "
        "amount is an int in fen)"),
    "src/tanxin/securitisation/domain/pool.py::project::cols['scheduled'][i] += sched -> "
    "cols['scheduled'][i] -= sched": (
        "the scheduled column is never read: _to_fen derives scheduled principal from the balance identity "
        "(opening - closing - prepaid - defaulted)"),
    "src/tanxin/securitisation/domain/roots.py::brent::fa > 0 -> fa >= 0": (
        "the sign test comes after fa == 0 has returned a"),
    "src/tanxin/securitisation/domain/waterfall.py::Interpreter._metrics::o.const(initial) if o.vector else "
    "initial -> o.const(initial) if not o.vector else initial": (
        "ExactOps.const(initial) is int(initial), the same int, and in the vector backend ratio broadcasts the "
        "scalar to the paths exactly as the array of it"),
    "src/tanxin/securitisation/domain/waterfall.py::Interpreter._triggers::if o.vector -> if not o.vector": (
        "a no-op either way: a checked formula's top node is a comparison (which starts from ops.true(), one value "
        "per path), and/or or not of such, so on paths it is already one yes/no per path; in the exact backend "
        "land(True, x) is bool(x), and x is already a bool"),
    "src/tanxin/securitisation/domain/waterfall.py::Interpreter._pay_interest::True -> False": (
        "zip(step.tranches, self._split(cash, dues), strict=...): _split returns one share per due and there is "
        "one due per tranche, so the lengths always agree"),
    "src/tanxin/securitisation/domain/waterfall.py::Interpreter._sweep::self.acc['interest'] + self.acc['principal'] "
    "+ self.reserve -> self.acc['interest'] + self.acc['principal'] - self.reserve": (
        "the sweep runs in the last period, where the reserve's target is 0: it was released in full before the "
        "steps, no reserve step tops it up (target 0) and no draw takes from an empty reserve, so it is 0"),
    "src/tanxin/securitisation/domain/waterfall.py::Interpreter._close_period::raise refuse('not_conserved', 'the "
    "waterfall lost or created money', period=t) -> pass": (
        "a safety net no input reaches: every step debits an account by exactly what it pays or moves, so the "
        "gap is 0 (the property test over random deals checks it row by row); it only fires for a broken "
        "interpreter, which is how it kills dozens of other mutants"),
    "src/tanxin/securitisation/domain/eligibility.py::concentration::total <= 0 -> total < 0": (
        "a candidate's balance is its outstanding principal, never negative, so a total of 0 means every loan and "
        "every group sums to 0, and 0 × 10,000 > 0 × limit flags nothing: the loop returns the same {} as the "
        "early return"),
    # matchmaking, registry, support, lending (full runs)
    "src/tanxin/matchmaking/domain/funnel.py::funnel::e.on > last -> e.on >= last": (
        "on a tie e.on == last, so taking e.on or keeping last stores the same date"),
    "src/tanxin/matchmaking/domain/ranking.py::Catalogue.__init__::1 -> 2": (
        "the collateral bits become 2 << i instead of 1 << i (2 to 64 instead of 1 to 32 for six kinds): still one "
        "distinct bit per kind inside int64, so every mask and every intersection test gives the same answer"),
    "src/tanxin/matchmaking/domain/ranking.py::<module>::100000 -> 100001": (
        "net rates are whole ppm and >= 0: max(0, C - net) * 100 // C gives the same score for C = 100,000 and "
        "C = 100,001 at every net from 0 to 200,000 (checked exhaustively; 100 * net mod 100,000 is a multiple of "
        "100, so the floor never crosses an integer), and 0 for both above 100,001"),
    "src/tanxin/registry/domain/ledger.py::_check_result::totals.get(p.instrument, 0) + p.quantity -> "
    "totals.get(p.instrument, 0) - p.quantity": (
        "summing the negated quantities gives minus the sum per instrument, which is zero exactly when the sum is: "
        "the unbalanced-transaction check fires for the same transactions "
        "(tests/registry/test_domain_mutants_full_ledger.py pins the check itself)"),
    "src/tanxin/support/domain/apportion.py::apportion_fen::caps[i] > 0 -> caps[i] >= 0": (
        "a recipient with cap 0 let into the water-filling is capped in the first round at exactly 0 and leaves "
        "with nothing taken from the amount; the others' shares are then those of the original's first round "
        "(the fixed point of the water-filling does not depend on the order recipients are capped; 200,000 random "
        "inputs with zero caps and weights gave identical results)"),
    "src/tanxin/support/domain/apportion.py::apportion_fen::shares[i] >= caps[i] -> shares[i] > caps[i]": (
        "a share exactly equal to its cap is a whole number of fen: left active it floors to the cap with remainder "
        "0, and the leftover fen (the sum of the others' fractional parts, fewer than those with a positive "
        "remainder) never reach it; capped instead, the re-shared remainder gives every other recipient the same "
        "share as before (checked on 200,000 random inputs)"),
    "src/tanxin/support/domain/automatic.py::score_intensity_reduction::Decimal('0.0001') -> Decimal('1.0001')": (
        "quantize uses only the exponent of its argument, and 0.0001 and 1.0001 both have exponent -4"),
    "src/tanxin/support/domain/scores.py::<module>::Decimal('0.01') -> Decimal('1.01')": (
        "POINTS_QUANTUM only feeds quantize, which uses only the exponent: 0.01 and 1.01 both have exponent -2"),
    "src/tanxin/support/domain/eligibility.py::_passes::return False -> return None": (
        "_passes is private and only read by _check in `if _passes(rule, value)`: None and False are both false"),
    "src/tanxin/support/domain/ranking.py::_decided_by::True -> False": (
        "zip(strict=...) over TIE_BREAKS and two _key tuples, all of length 5"),
    "src/tanxin/support/domain/ranking.py::_decided_by::return TIE_BREAKS[-1] -> return None": (
        "unreachable: rank_applications refuses duplicate application ids before ranking, and the id is the last "
        "sort key, so two neighbours always differ in some key and the loop returns first"),
    "src/tanxin/support/domain/ranking.py::_decided_by::-1 -> 1": (
        "the same unreachable fallback return as above (neighbours always differ in some key)"),
    "src/tanxin/support/domain/ranking.py::_decided_by::1 -> 2": (
        "the same unreachable fallback return as above (neighbours always differ in some key)"),
    "src/tanxin/support/domain/subsidy.py::scale_to_budget::total <= budget_fen -> total < budget_fen": (
        "at total == budget the scaling path computes floors v * budget // total = v exactly and 0 fen of rest, "
        "the same amounts as the unchanged copy"),
    "src/tanxin/support/domain/errors.py::support_error::"
    "raise KeyError(f'unknown support error code {code!r}') -> pass": (
        "without the explicit raise, the next line looks the code up in MESSAGES, which raises KeyError for the "
        "same unknown code: only the exception's text differs"),
    "src/tanxin/lending/domain/coverage.py::<module>::Decimal('0.0001') -> Decimal('1.0001')": (
        "RATIO_PLACES only feeds quantize, which uses only the exponent: 0.0001 and 1.0001 both have exponent -4"),
    "src/tanxin/lending/domain/coverage.py::breach_price::Decimal('0.01') -> Decimal('1.01')": (
        "quantize uses only the exponent of its argument: 0.01 and 1.01 both have exponent -2"),
    "src/tanxin/lending/domain/disposal.py::simulate::Decimal('0.000001') -> Decimal('1.000001')": (
        "quantize uses only the exponent of its argument: 0.000001 and 1.000001 both have exponent -6"),
    "src/tanxin/lending/domain/disposal.py::_fen::1 -> 2": (
        "quantize(Decimal(2)) rounds to whole fen exactly as quantize(Decimal(1)): both have exponent 0"),
    "src/tanxin/lending/domain/disposal.py::_lgd::Decimal('0.0001') -> Decimal('1.0001')": (
        "quantize uses only the exponent of its argument: 0.0001 and 1.0001 both have exponent -4"),
    "src/tanxin/lending/domain/interest.py::accrued::1 -> 2": (
        "quantize(Decimal(2)) rounds to whole fen exactly as quantize(Decimal(1)): both have exponent 0"),
    "src/tanxin/lending/domain/scorecard.py::<module>::Decimal('0.01') -> Decimal('1.01')": (
        "CENT only feeds quantize, which uses only the exponent: 0.01 and 1.01 both have exponent -2"),
    "src/tanxin/lending/domain/valuation.py::<module>::Decimal('0.01') -> Decimal('1.01')": (
        "PRICE_PLACES only feeds quantize, which uses only the exponent: 0.01 and 1.01 both have exponent -2"),
    "src/tanxin/lending/domain/valuation.py::<module>::Decimal('0.0001') -> Decimal('1.0001')": (
        "RATIO_PLACES only feeds quantize, which uses only the exponent: 0.0001 and 1.0001 both have exponent -4"),
    "src/tanxin/lending/domain/params.py::<module>::2023 -> 2024": (
        "the first LPR's date never matters: lpr_on starts from the first rate, so before, on or after that date it "
        "returns the same value (and no other module reads LPR_1Y)"),
    "src/tanxin/lending/domain/params.py::<module>::8 -> 9": (
        "the first LPR's date never matters (see 2023 -> 2024 above)"),
    "src/tanxin/lending/domain/params.py::<module>::21 -> 22": (
        "the first LPR's date never matters (see 2023 -> 2024 above); the 21 of 21 October 2024 is pinned by "
        "tests/lending/test_domain_mutants_full.py"),
    "src/tanxin/lending/domain/valuation.py::_trading_days_after::end <= start -> end < start": (
        "at end == start the sum runs over trading_days(start + 1 day, start), an empty range: 0 as well"),
    "src/tanxin/lending/domain/risk.py::solve_ltv::1e-10 -> 1.0000000001": (
        "a tolerance above the bracket stops the bisection at once with low = 0; the step-up loop then walks the "
        "0.0001 grid from 0 to the same largest LTV whose breach probability stays within the target (slower, "
        "same answer)"),
    "src/tanxin/lending/domain/risk.py::solve_ltv::1.0 -> 2.0": (
        "a bracket of [0, 2 / line] instead of [0, 1 / line]: every LTV at or above 1 / line has probability 1 > "
        "target, so the bisection converges to the same root and the grid step-up gives the same LTV (the 1.0 of "
        "the target check is pinned by tests/lending/test_domain_mutants_full.py)"),
    "src/tanxin/lending/domain/risk.py::solve_ltv::1.0 / inputs.liquidation_line -> "
    "1.0 * inputs.liquidation_line": (
        "a bracket of [0, line]: above 1 it only widens [0, 1 / line]; below 1 the bisection may stop under the "
        "root, and the step-up loop then walks the 0.0001 grid up to the same largest LTV within the target "
        "(tests/lending/test_domain_mutants_full.py checks a line of 0.9 whose answer, 1.0577, lies above it)"),
    "src/tanxin/lending/domain/risk.py::solve_ltv::high - low > tolerance -> high - low >= tolerance": (
        "at most one more halving; the answer is the grid point the step-up loop settles on either way"),
    "src/tanxin/lending/domain/risk.py::solve_ltv::barrier_probability(inputs, mid, daily=daily) > target -> "
    "barrier_probability(inputs, mid, daily=daily) >= target": (
        "differs only when a midpoint's probability equals the target to the last bit; the bisection then ends a "
        "hair lower and the step-up loop (which allows probability == target) reaches the same grid point"),
    "src/tanxin/lending/domain/risk.py::monte_carlo_probability::20000 -> 20001": (
        "the chunk size only splits the same stream of normals into blocks: numpy's Generator draws them in the "
        "same order whatever the block shape, so the paths and the hits are identical (checked with chunks of "
        "100, 101, 333, 997 and 20,000)"),
}

# The securitisation engine's later equivalents live beside this file, one file per part of the engine.
from mutation_equivalents_securitisation_numerics import EQUIVALENT as _SEC_NUMERICS  # noqa: E402
from mutation_equivalents_securitisation_pool import EQUIVALENT as _SEC_POOL  # noqa: E402
from mutation_equivalents_securitisation_waterfall import EQUIVALENT as _SEC_WATERFALL  # noqa: E402

EQUIVALENT.update(_SEC_NUMERICS | _SEC_POOL | _SEC_WATERFALL)
