"""A ready structure for a senior / (mezzanine) / subordinated deal, as portable JSON.

Interest account (收入分账户): senior fees, senior interest (backed by the reserve, the liquidity
facility and the guarantor's shortfall payment), reserve top-up, liquidity repayment, junior interest,
the principal deficiency, then the rest to principal. Principal account (本金分账户): senior interest still
unpaid, then principal — pro rata while the OC test holds, sequential once it fails (not curable).
"""

from __future__ import annotations

from typing import Any


def standard(
    pool_fen: int, *, senior_share_bp: int = 8700, senior_coupon_bp: int = 380, mezzanine_share_bp: int = 0,
    mezzanine_coupon_bp: int = 500, expected_maturity: int = 36, fee_bp: int = 30, reserve_fen: int = 0,
    oc_floor: str = "1.05", guarantor: bool = True, liquidity_fen: int = 0, principal_mode: str = "sequential",
    retained_bp: int = 10_000,
) -> dict[str, Any]:
    senior = pool_fen * senior_share_bp // 10_000
    mezz = pool_fen * mezzanine_share_bp // 10_000
    sub = pool_fen - senior - mezz
    tranches: list[dict[str, Any]] = [{"name": "A", "balance_fen": senior, "coupon_bp": senior_coupon_bp,
                                       "expected_maturity": expected_maturity}]  # fmt: skip
    if mezz:
        tranches.append({"name": "M", "balance_fen": mezz, "coupon_bp": mezzanine_coupon_bp})
    tranches.append({"name": "S", "balance_fen": sub, "subordinated": True, "retained_bp": retained_bp})
    seniors = [t["name"] for t in tranches if not t.get("subordinated")]
    support = ["reserve", "liquidity", "guarantor"] if guarantor else ["reserve", "liquidity"]

    def accounts(mode: str) -> dict[str, list[dict[str, Any]]]:
        interest = [{"pay": "fee", "fee": "admin", "from": "interest"},
                    {"pay": "interest", "tranches": ["A"], "from": "interest", "support": support},
                    {"pay": "liquidity", "from": "interest"},
                    {"pay": "reserve", "from": "interest"}]  # fmt: skip
        if mezz:
            interest.append({"pay": "interest", "tranches": ["M"], "from": "interest"})
        interest += [{"pay": "principal", "tranches": seniors, "mode": "sequential", "cover": "deficiency",
                      "from": "interest"},
                     {"pay": "transfer", "from": "interest", "to": "principal"}]  # fmt: skip
        principal = [{"pay": "interest", "tranches": ["A"], "from": "principal"}]
        if mezz:
            principal.append({"pay": "interest", "tranches": ["M"], "from": "principal"})
        backed = {"support": ["guarantor"]} if guarantor else {}
        if mode == "pro_rata":
            principal.append({"pay": "principal", "tranches": [*seniors, "S"], "mode": "pro_rata",
                              "from": "principal", **backed})  # fmt: skip
        else:
            principal.append({"pay": "principal", "tranches": seniors, "mode": "sequential", "from": "principal",
                              **backed})  # fmt: skip
            principal.append({"pay": "principal", "tranches": ["S"], "mode": "sequential", "from": "principal"})
        return {"interest": interest, "principal": principal}

    return {
        "version": 1,
        "tranches": tranches,
        "fees": [{"name": "admin", "rate_bp": fee_bp, "senior": True}],
        "reserve": {"initial_fen": reserve_fen, "target_fen": reserve_fen},
        "triggers": [{"name": "oc_test", "formula": f"oc < {oc_floor}", "curable": False,
                      "switch_to": "sequential"}],
        "waterfalls": {"normal": accounts(principal_mode), "sequential": accounts("sequential")},
        "liquidity_limit_fen": liquidity_fen,
        "guarantor_limit_fen": None if guarantor else 0,
        "recoveries_to": "principal",
        "retention_min_bp": 500,
    }
