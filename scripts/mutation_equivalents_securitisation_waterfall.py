"""Equivalent survivors of the securitisation engine's waterfall part, each with its reason (merged by
``scripts/mutation_equivalents.py``; same key format)."""

from __future__ import annotations

_W = "src/tanxin/securitisation/domain/waterfall.py::Interpreter."
_S = "src/tanxin/securitisation/domain/structure.py::"
_FUZZ = ("running montecarlo.run_paths with keep_periods=True on 120 random deals from templates.standard "
         "(reserve step-down, liquidity, guarantor, pro rata, and variants with no senior tranche and no fee) with "
         "and without the mutant: every total and every row figure identical in value and shape")
_SCALAR_ZERO = ("in the exact backend ops.zero() is the int 0, so both sides are the same 0; in the vector backend "
                "the int {what} meets only numpy operations that broadcast it ({uses}), giving the same values and "
                "the same one-per-path arrays in every row and total (checked by reading each use, and by "
                + _FUZZ + ")")

EQUIVALENT: dict[str, str] = {
    _W + "_triggers::True -> False": (
        "zip(self.s.triggers, self.trees, strict=...): self.trees is built in __init__ as one parsed formula per "
        "trigger of the same frozen structure, so the two always have the same length and strict never fires"),
    _W + "_pay_principal::True -> False": (
        "zip(pays, targets, strict=...) after _split(cash, targets): _split returns [cash] for one weight and "
        "len(weights) - 1 shares plus the remainder otherwise, always one share per target"),
    _W + "_reserve_target::o.const(r.target_fen) if o.vector else r.target_fen -> "
         "o.const(r.target_fen) if not o.vector else r.target_fen": (
        "Reserve.target_fen is an int (the reader's _fen returns int): ExactOps.const(int) is int(value), the same "
        "int; in the vector backend the plain int target only meets np.maximum(reserve - target, 0), "
        "np.maximum(target - reserve, 0) and np.where(blocked, target, step-down), which broadcast it to the same "
        "per-path values; the target itself is never stored in a row or total (also checked by " + _FUZZ + ")"),
    _W + "_principal_due::self.ops.zero() if self.ops.vector else 0 -> "
         "self.ops.zero() if not self.ops.vector else 0": _SCALAR_ZERO.format(
        what="0 returned before maturity", uses="its one use is o.where(mask, due, 0) in _pay_principal"),
    _W + "_sum::self.ops.zero() if self.ops.vector else 0 -> self.ops.zero() if not self.ops.vector else 0":
        _SCALAR_ZERO.format(
            what="0 start of a sum", uses="0 + array is the array; a sum of nothing (no senior tranche, no fee) "
            "goes only to o.ratio, which np.broadcast_to's it, to 0 + array or array - 0, or to "
            "np.where(0 > 0, 1, 0) added to the senior_short_periods array"),
    _S + "read::0 -> 1": (
        "the survivor is data.get('guarantor_limit_fen', 0) is None -> data.get('guarantor_limit_fen', 1) is None "
        "(line 133): the default only answers 'is None' when the key is absent, and neither 0 nor 1 is None. The "
        "other 0 -> 1 mutants of read (the liquidity and guarantor limit defaults, the retention minimum's lower "
        "bound) are killed (test_a_structure_read_without_optional_fields_equals_the_one_built_from_the_dataclass_"
        "defaults, test_domain_mutants_limits.py)"),
}
