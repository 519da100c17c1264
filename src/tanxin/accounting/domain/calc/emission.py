"""The raw output of a calculator, before a view filters gases and applies GWPs."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from tanxin.accounting.domain.factors import FactorChoice
from tanxin.accounting.domain.lines import Direction
from tanxin.accounting.domain.trace import Trace


@dataclass
class Emission:
    gases_kg: dict[str, Decimal]
    trace: Trace
    choices: list[FactorChoice] = field(default_factory=list)
    scope2_method: str | None = None
    direction: Direction = Direction.PURCHASED
