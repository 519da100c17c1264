"""Compliance rule packs loaded from data: every number carries its confidence tag and its source.

Nothing here is law in code: the values live in ``data/registry/rule_packs.json`` so a bureau can
correct an ``M`` (unconfirmed) value without a release, and the admin can show the tag next to it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from tanxin.common.errors import DomainError

from .model import InstrumentKind

DEFAULT_PATH = Path(__file__).resolve().parents[4] / "data" / "registry" / "rule_packs.json"
CONFIDENCE_TAGS = frozenset({"V", "V-3p", "M"})


@dataclass(frozen=True)
class Param:
    """A configured value with its provenance; ``confirmed`` is False for M-tagged values."""

    value: Any
    confidence: str
    source: str
    alternatives: tuple[Mapping[str, Any], ...] = ()  # other values seen, with their own tags

    @property
    def confirmed(self) -> bool:
        return self.confidence != "M"


@dataclass(frozen=True)
class RulePack:
    key: str
    name_zh: str
    name_en: str
    allowance_kind: InstrumentKind
    offset_kinds: frozenset[InstrumentKind]
    deadline_year_offset: int
    deadline_month: int
    deadline_day: int
    offset_cap_rate: Decimal
    penalty_multiplier: Decimal
    penalty_multiplier_range: tuple[Decimal, Decimal]
    penalty_average_months: int
    params: Mapping[str, Param] = field(default_factory=dict)  # raw values with tags, for display

    def surrender_deadline(self, compliance_year: int) -> date:
        return date(compliance_year + self.deadline_year_offset, self.deadline_month, self.deadline_day)

    def unconfirmed(self) -> list[str]:
        """Names of the parameters the UI must label 'to be confirmed'."""
        return sorted(name for name, p in self.params.items() if not p.confirmed)

    def with_overrides(self, **changes: Any) -> RulePack:
        """A local configuration: e.g. ``offset_cap_rate=Decimal("0.20")`` or a national multiplier of 10."""
        pack = replace(self, **changes)
        low, high = pack.penalty_multiplier_range
        if not low <= pack.penalty_multiplier <= high:
            raise DomainError("penalty multiplier outside the legal range", code="bad_rule_pack")
        return pack


@dataclass(frozen=True)
class RewardTier:
    above_t: int  # strictly more than this many tonnes of surplus
    reward_fen: int


@dataclass(frozen=True)
class RuleBook:
    version: str
    packs: Mapping[str, RulePack]
    surplus_rewards: Mapping[str, tuple[RewardTier, ...]]

    def pack(self, key: str) -> RulePack:
        try:
            return self.packs[key]
        except KeyError:
            raise DomainError(f"no rule pack {key!r}", code="unknown_rule_pack") from None


def load_rule_book(path: Path | None = None) -> RuleBook:
    return parse_rule_book(json.loads((path or DEFAULT_PATH).read_text(encoding="utf-8")))


def parse_rule_book(raw: Mapping[str, Any]) -> RuleBook:
    try:
        packs = {key: _pack(key, body) for key, body in raw["packs"].items()}
        rewards = {
            key: tuple(
                sorted(
                    (RewardTier(int(t["above_t"]), int(t["reward_fen"])) for t in body["tiers"]),
                    key=lambda t: -t.above_t,
                )
            )
            for key, body in raw.get("surplus_rewards", {}).items()
        }
    except (KeyError, TypeError, ValueError) as exc:
        raise DomainError(f"malformed rule pack: {exc}", code="bad_rule_pack") from exc
    return RuleBook(str(raw.get("version", "")), packs, rewards)


def _pack(key: str, body: Mapping[str, Any]) -> RulePack:
    params = {name: _param(name, v) for name, v in body.items() if isinstance(v, dict) and "confidence" in v}
    deadline = params["surrender_deadline"].value
    multiplier = body["penalty_multiplier"]
    return RulePack(
        key=key,
        name_zh=body["name_zh"],
        name_en=body["name_en"],
        allowance_kind=InstrumentKind(params["allowance_kind"].value),
        offset_kinds=frozenset(InstrumentKind(k) for k in params["offset_kinds"].value),
        deadline_year_offset=int(deadline["year_offset"]),
        deadline_month=int(deadline["month"]),
        deadline_day=int(deadline["day"]),
        offset_cap_rate=Decimal(params["offset_cap_rate"].value),
        penalty_multiplier=Decimal(multiplier["value"]),
        penalty_multiplier_range=(Decimal(multiplier["min"]), Decimal(multiplier["max"])),
        penalty_average_months=int(params["penalty_average_months"].value),
        params=params,
    )


def _param(name: str, raw: Mapping[str, Any]) -> Param:
    if raw["confidence"] not in CONFIDENCE_TAGS or not raw.get("source"):
        raise ValueError(f"{name}: every value needs a confidence tag and a source")
    return Param(raw["value"], raw["confidence"], raw["source"], tuple(raw.get("alternatives", ())))


def surplus_reward_fen(tiers: tuple[RewardTier, ...], surplus_t: int) -> int:
    """The highest tier whose threshold the surplus strictly exceeds; 0 below every tier."""
    for tier in sorted(tiers, key=lambda t: -t.above_t):
        if surplus_t > tier.above_t:
            return tier.reward_fen
    return 0
