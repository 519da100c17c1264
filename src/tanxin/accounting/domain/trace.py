""""Explain this number": each calculated line carries the steps that produced it.

A step lists its inputs (value, unit, where the value came from), the formula in words and
symbols, and the result. The UI renders the steps top to bottom; ``as_dict`` gives JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any, NamedTuple

ACTIVITY = "activity data"
MEASURED = "measured by the enterprise"


# Named tuples rather than frozen dataclasses: a recompute of 120,000 lines builds over a million of
# these, and a frozen dataclass pays an ``object.__setattr__`` per field. Same fields, same immutability.
class TraceInput(NamedTuple):
    name: str
    value: Decimal
    unit: str
    source: str  # ACTIVITY, MEASURED, "factor <id> (<confidence>): <source>", "parameter <id>", "step <n>"


class TraceStep(NamedTuple):
    label: str
    formula: str
    inputs: tuple[TraceInput, ...]
    result: Decimal
    unit: str
    note: str = ""


@dataclass
class Trace:
    """Built by the calculators step by step; treated as read-only once attached to a result."""

    steps: list[TraceStep] = field(default_factory=list)

    def step(
        self, label: str, formula: str, inputs: list[TraceInput], result: Decimal, unit: str, note: str = ""
    ) -> Decimal:
        """Record a step and hand back its result so calculations read as a chain."""
        self.steps.append(TraceStep(label, formula, tuple(inputs), result, unit, note))
        return result

    def note(self, label: str, note: str) -> None:
        """A step without arithmetic, e.g. "exported electricity is not netted under the GHG Protocol"."""
        self.steps.append(TraceStep(label, "", (), Decimal(0), "", note))

    def as_dict(self) -> list[dict[str, Any]]:
        return [
            {
                "label": s.label, "formula": s.formula, "result": str(s.result), "unit": s.unit,
                "note": s.note,
                "inputs": [
                    {"name": i.name, "value": str(i.value), "unit": i.unit, "source": i.source}
                    for i in s.inputs
                ],
            }
            for s in self.steps
        ]


@lru_cache(maxsize=4096)
def from_factor(name: str, factor: Any) -> TraceInput:
    """Trace input for a ``Factor`` with its id, year and confidence, so provenance is visible."""
    year = f", {factor.year}" if factor.year is not None else ""
    return TraceInput(name, factor.value, factor.unit,
                      f"factor {factor.id}{year} ({factor.confidence}): {factor.source}")


@lru_cache(maxsize=4096)
def from_parameter(name: str, parameter: Any) -> TraceInput:
    return TraceInput(name, parameter.value, parameter.unit,
                      f"parameter {parameter.id} ({parameter.confidence}): {parameter.source}")


def note_choice(trace: Trace, choice: Any) -> None:
    """Record where a looked-up factor came from (level) and every candidate passed over, with why."""
    trace.steps.extend(_choice_steps(choice))


@lru_cache(maxsize=1024)
def _choice_steps(choice: Any) -> tuple[TraceStep, ...]:
    # Built once per choice (the snapshot memoises choices): a bulk recompute reuses the same immutable steps.
    from tanxin.accounting.domain.factors import PASSED_REASONS  # the trace module stays import-light

    factor = choice.factor
    vintage = factor.year if factor.year is not None else "undated"
    steps = [TraceStep(f"factor {factor.id} chosen at {choice.level} level", "", (), Decimal(0), "",
                       f"vintage {vintage}, confidence {factor.confidence}")]
    steps += [TraceStep(f"factor {p.factor_id} passed over", "", (), Decimal(0), "", PASSED_REASONS[p.reason])
              for p in choice.passed_over]
    return tuple(steps)
