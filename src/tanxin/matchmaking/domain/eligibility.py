"""May this product serve this need? Every rule that fails is named, so a refusal shows all its reasons.

Rules: the amount and the term lie in the product's ranges; the product serves the enterprise's industry
(GB/T 4754 prefix); the enterprise's screening band is at least the product's minimum; collateral on offer
includes one kind the product accepts (a product accepting none needs none); a green-only product serves
only green purposes; a request addressed to chosen banks reaches only those banks.
"""

from __future__ import annotations

from tanxin.matchmaking.domain.catalogue import Need, Product, band_rank


def failures(product: Product, need: Need) -> tuple[str, ...]:
    """The codes of the rules this pair fails (empty: eligible)."""
    failed = []
    if not product.min_amount_fen <= need.amount_fen <= product.max_amount_fen:
        failed.append("amount")
    if not product.min_term_months <= need.term_months <= product.max_term_months:
        failed.append("term")
    if not product.serves_industry(need.industry_code):
        failed.append("industry")
    if product.min_band and band_rank(need.band) > band_rank(product.min_band):
        failed.append("band")
    if product.collateral and not (product.collateral & need.collateral):
        failed.append("collateral")
    if product.green_only and not need.green:
        failed.append("green")
    if need.banks is not None and product.bank_id not in need.banks:
        failed.append("not_addressed")
    return tuple(failed)


def is_eligible(product: Product, need: Need) -> bool:
    return not failures(product, need)


def eligible_products(need: Need, products: list[Product]) -> list[Product]:
    return [p for p in products if is_eligible(p, need)]
