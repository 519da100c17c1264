"""Demo securitisation: "南山区中小企业碳资产支持专项计划" over the district's live pledge loans.

Arranged and guaranteed (shortfall undertaking, 差额支付) by the demo guarantee group; senior 87 % at 3.80 %
and a subordinated tranche the originator keeps; cut-off on the last day of the demo price series. A base
case and a stress run are stored. Deterministic and idempotent: a second call finds the deal and stops.
"""

from __future__ import annotations

from datetime import date

from tanxin.lending import facts as lending
from tanxin.securitisation import services
from tanxin.securitisation.domain import templates
from tanxin.securitisation.models import Deal
from tanxin.securitisation.services import deals as deal_services

NAME_ZH = "南山区中小企业碳资产支持专项计划"
NAME_EN = "Nanshan SME carbon ABS"
CUT_OFF = date(2026, 10, 30)
FIRST_PAYMENT = date(2026, 11, 26)
BASE = {"cdr": "0.02", "cpr": "0.05", "recovery_lag": 6, "slippage": "0.15"}
STRESS = {**BASE, "cdr": "0.05", "paths": 2000, "seed": 20240601, "price_model": "gbm", "default_sigma": "0.6",
          "correlation": "0.5"}  # fmt: skip


def seed(ctx) -> None:
    if ctx.guarantor is None or Deal.objects.filter(name_zh=NAME_ZH).exists():
        return
    user = next((u for u in ctx.users.values() if u.memberships.filter(organisation=ctx.guarantor).exists()), None)
    if user is None or not lending.loans(states=lending.LIVE_STATES):
        return
    deal = services.create_deal(user, {
        "name_zh": NAME_ZH, "name_en": NAME_EN, "cut_off": CUT_OFF, "first_payment": FIRST_PAYMENT,
        "originator": "深圳市融信担保集团有限公司", "plan_manager": "南山证券资产管理有限公司",
        "custodian": "湾区商业银行南山支行", "servicer": "深圳市融信担保集团有限公司",
        "rating_agency": "深圳信用评级有限公司",
    })  # fmt: skip
    # A small pool of a few borrowers: the concentration limits are widened for it (configurable, to be confirmed).
    services.update_deal(user, deal.pk, {"rules": {"max_obligor_bp": 8000, "max_industry_bp": 8000}})
    eligible = [line.fact.id for line in deal_services.candidates(deal) if line.verdict.eligible]
    if not eligible:
        return
    deal = services.set_pool(user, deal.pk, eligible)
    pool_fen = sum(deal.pool.values_list("balance_fen", flat=True))
    services.set_structure(user, deal.pk, templates.standard(pool_fen, senior_share_bp=8700, senior_coupon_bp=380,
                                                             expected_maturity=12, fee_bp=30))  # fmt: skip
    Deal.objects.filter(pk=deal.pk).update(assumptions=BASE, status=Deal.Status.ISSUED)
    services.run_base(user, deal.pk, BASE)
    services.run_stress(user, deal.pk, STRESS)
