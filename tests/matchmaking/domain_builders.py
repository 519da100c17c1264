"""Plain builders shared by the matchmaking domain tests (no Django: the mutation runner runs them as they are)."""

from __future__ import annotations

from tanxin.common.errors import DomainError
from tanxin.matchmaking.domain.catalogue import Need, Product, ProductKind

WAN = 10_000 * 100  # 10,000 CNY in fen


def product(pid: int = 1, **kw) -> Product:
    base = dict(min_amount_fen=100 * WAN, max_amount_fen=5000 * WAN, min_term_months=6, max_term_months=36,
                spread_min_bp=30, spread_max_bp=150)  # fmt: skip
    base.update(kw)
    return Product(pid, 10, ProductKind.CREDIT_LOAN, **base)


def need(**kw) -> Need:
    base = dict(id=1, enterprise_id=7, amount_fen=3000 * WAN, term_months=12, industry_code="C39", band="B")
    base.update(kw)
    return Need(**base)


def refused_code(check, value) -> str | None:
    try:
        check(value)
    except DomainError as exc:
        return exc.code
    return None
