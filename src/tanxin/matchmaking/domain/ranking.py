"""Rank the eligible products of a need, and say why.

Four parts, each scored 0–100 and weighted (``MatchParams``, M: proposed):
- **net cost**: the rate the band earns (LPR + the product's spread, from its minimum for band A to its
  maximum for band D or no band), less the district's subsidy (50 % of the financing cost) where the purpose
  is green and the product's kind is subsidised; 0 % scores 100, ``COST_CEILING_PPM`` or more scores 0;
- **approval likelihood** from the screening band;
- **speed**: the product's response promise (1 working day scores 100, 30 or more score 0);
- **carbon position**: a surplus holder (allowances free to pledge) is steered to pledge products.
Scores are integers (no float), so the scalar ``rank`` and the batch ``rank_many`` agree exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from tanxin.matchmaking.domain.catalogue import (
    BANDS,
    SUBSIDISED_KINDS,
    Collateral,
    Need,
    Product,
    ProductKind,
    Reason,
    band_rank,
)
from tanxin.matchmaking.domain.eligibility import is_eligible
from tanxin.matchmaking.domain.params import DEFAULTS, MatchParams

COST_CEILING_PPM = 100_000  # 10 % a year scores 0
SLOWEST_WORKDAYS = 30
CARBON_PLEDGE, CARBON_GREEN, CARBON_NONE = 100, 50, 0


@dataclass(frozen=True)
class Ranked:
    product_id: int
    bank_id: int
    score: int  # 0..10000 (weighted sum of the four parts)
    rate_ppm: int
    net_rate_ppm: int
    likelihood_permille: int
    reasons: tuple[Reason, ...]


def spread_for(product: Product, band: str) -> int:
    steps = len(BANDS) - 1
    position = min(band_rank(band), steps)
    return product.spread_min_bp + (product.spread_max_bp - product.spread_min_bp) * position // steps


def subsidised(product: Product, need: Need) -> bool:
    return need.green and product.kind in SUBSIDISED_KINDS


def is_pledge(product: Product) -> bool:
    return product.kind == ProductKind.PLEDGE_LOAN or Collateral.ALLOWANCES in product.collateral


def carbon_score(product: Product, need: Need) -> int:
    if need.pledgeable_t > 0 and is_pledge(product):
        return CARBON_PLEDGE
    return CARBON_GREEN if need.green else CARBON_NONE


def _cost_score(net_ppm: int) -> int:
    return max(0, COST_CEILING_PPM - net_ppm) * 100 // COST_CEILING_PPM


def _speed_score(days: int) -> int:
    return max(0, SLOWEST_WORKDAYS - days) * 100 // (SLOWEST_WORKDAYS - 1)


def score_pair(product: Product, need: Need, p: MatchParams = DEFAULTS) -> Ranked:
    rate = p.lpr_ppm + spread_for(product, need.band) * 100
    net = rate - rate * p.subsidy_share_ppm // 1_000_000 if subsidised(product, need) else rate
    likelihood = p.likelihood(need.band)
    carbon = carbon_score(product, need)
    score = (p.weight_cost * _cost_score(net) + p.weight_likelihood * (likelihood // 10)
             + p.weight_speed * _speed_score(product.response_workdays) + p.weight_carbon * carbon)  # fmt: skip
    reasons = [Reason("net_rate", {"rate_ppm": rate, "net_ppm": net, "subsidised": net != rate}),
               Reason("likelihood", {"band": need.band, "permille": likelihood}),
               Reason("speed", {"workdays": product.response_workdays})]  # fmt: skip
    if carbon == CARBON_PLEDGE:
        reasons.append(Reason("carbon_surplus", {"pledgeable_t": need.pledgeable_t}))
    elif carbon == CARBON_GREEN:
        reasons.append(Reason("green_purpose"))
    return Ranked(product.id, product.bank_id, score, rate, net, likelihood, tuple(reasons))


def _order(r: Ranked) -> tuple[int, int, int]:
    return (-r.score, r.net_rate_ppm, r.product_id)  # best score, then cheapest, then oldest product


def rank(need: Need, products: Sequence[Product], p: MatchParams = DEFAULTS) -> list[Ranked]:
    """The eligible products of ``need``, best first (ties: cheaper, then lower product id)."""
    return sorted((score_pair(x, need, p) for x in products if is_eligible(x, need)), key=_order)


# --- the batch path: every open request against the whole catalogue at once --------------------------------


class Catalogue:
    """The products as columns (numpy integer arrays), built once and reused for every need."""

    def __init__(self, products: Sequence[Product], p: MatchParams = DEFAULTS) -> None:
        self.products = list(products)
        self.p = p
        col = lambda f: np.array([f(x) for x in self.products], dtype=np.int64)  # noqa: E731
        self.ids, self.banks = col(lambda x: x.id), col(lambda x: x.bank_id)
        self.min_amount, self.max_amount = col(lambda x: x.min_amount_fen), col(lambda x: x.max_amount_fen)
        self.min_term, self.max_term = col(lambda x: x.min_term_months), col(lambda x: x.max_term_months)
        self.min_band = col(lambda x: band_rank(x.min_band) if x.min_band else len(BANDS))
        self.green_only = col(lambda x: x.green_only).astype(bool)
        self.needs_collateral = col(lambda x: bool(x.collateral)).astype(bool)
        kinds = sorted({c.value for c in Collateral})
        self._bit = {k: 1 << i for i, k in enumerate(kinds)}
        self.collateral = col(lambda x: self.mask(x.collateral))
        self.subsidised = col(lambda x: x.kind in SUBSIDISED_KINDS).astype(bool)
        self.pledge = col(is_pledge).astype(bool)
        self.speed = col(lambda x: _speed_score(x.response_workdays))
        self.spread_lo, self.spread_hi = col(lambda x: x.spread_min_bp), col(lambda x: x.spread_max_bp)
        self._industry: dict[str, np.ndarray] = {}

    def mask(self, kinds: frozenset[str]) -> int:
        return sum(self._bit.get(k, 0) for k in kinds)

    def industry(self, code: str) -> np.ndarray:
        found = self._industry.get(code)
        if found is None:
            found = np.array([x.serves_industry(code) for x in self.products], dtype=bool)
            self._industry[code] = found
        return found

    def eligible(self, need: Need) -> np.ndarray:
        """The boolean column of products eligible for ``need`` (the same rules as ``eligibility``)."""
        ok = (self.min_amount <= need.amount_fen) & (need.amount_fen <= self.max_amount)
        ok &= (self.min_term <= need.term_months) & (need.term_months <= self.max_term)
        ok &= self.industry(need.industry_code)
        ok &= band_rank(need.band) <= self.min_band
        ok &= ~self.needs_collateral | ((self.collateral & self.mask(need.collateral)) != 0)
        if not need.green:
            ok &= ~self.green_only
        if need.banks is not None:
            ok &= np.isin(self.banks, list(need.banks))
        return ok

    def scores(self, need: Need, where: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Weighted scores and net rates of the products at ``where`` (integers, as ``score_pair``)."""
        p, steps = self.p, len(BANDS) - 1
        position = min(band_rank(need.band), steps)
        lo, hi = self.spread_lo[where], self.spread_hi[where]
        rate = p.lpr_ppm + (lo + (hi - lo) * position // steps) * 100
        cut = rate * p.subsidy_share_ppm // 1_000_000
        net = np.where(self.subsidised[where] & need.green, rate - cut, rate)
        cost = np.maximum(0, COST_CEILING_PPM - net) * 100 // COST_CEILING_PPM
        carbon = np.where(self.pledge[where] & (need.pledgeable_t > 0), CARBON_PLEDGE,
                          CARBON_GREEN if need.green else CARBON_NONE)  # fmt: skip
        score = (p.weight_cost * cost + p.weight_likelihood * (p.likelihood(need.band) // 10)
                 + p.weight_speed * self.speed[where] + p.weight_carbon * carbon)  # fmt: skip
        return score, net


def rank_many(needs: Sequence[Need], catalogue: Catalogue, top: int = 5) -> dict[int, list[tuple[int, int]]]:
    """For each need, its best ``top`` eligible products as ``(product_id, score)``, in ``rank``'s order."""
    out: dict[int, list[tuple[int, int]]] = {}
    for need in needs:
        where = np.flatnonzero(catalogue.eligible(need))
        if not len(where):
            out[need.id] = []
            continue
        score, net = catalogue.scores(need, where)
        order = np.lexsort((catalogue.ids[where], net, -score))[:top]
        out[need.id] = [(int(catalogue.ids[where][i]), int(score[i])) for i in order]
    return out


def filter_many(needs: Sequence[Need], catalogue: Catalogue) -> int:
    """Eligible pairs only (no ranking): the reference figure of the benchmark."""
    return sum(int(catalogue.eligible(need).sum()) for need in needs)
