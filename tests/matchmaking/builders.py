"""A matchmaking world on top of the personas: published products of both banks and a guarantor, and a way to
post a request as enterprise A (reusing the personas' organisation and user helpers)."""

from __future__ import annotations

from datetime import date

from tanxin.matchmaking.models import Product
from tanxin.matchmaking.services import catalogue, grab, requests
from tanxin.matchmaking.services.grab import Answer
from tanxin.matchmaking.services.outcomes import Payout
from tests.personas import World, _org, _user

WAN = 10_000 * 100
MONDAY = date(2026, 3, 2)


def product_data(**kw) -> dict:
    base = dict(name_zh="绿色信用贷", kind="credit_loan", min_amount_fen=100 * WAN, max_amount_fen=5000 * WAN,
                min_term_months=6, max_term_months=36, spread_min_bp=30, spread_max_bp=120, collateral=[],
                industries=[], min_band="", green_only=False, response_workdays=5)  # fmt: skip
    base.update(kw)
    return base


def publish(world: World, persona: str, **kw) -> Product:
    data = product_data(jurisdiction_id=world.jurisdictions["440305"].pk, **kw)
    p = catalogue.create_product(world.users[persona], data)
    catalogue.submit_product(world.users[persona], p.pk)
    return catalogue.check_product(world.users["bureau_officer"], p.pk, publish=True)


def add_guarantor(world: World):
    if "guarantor" not in world.orgs:
        world.orgs["guarantor"] = _org("guarantor", "深圳担保集团（测试）", world.jurisdictions["440300"], "MG1A0009")
        world.users["guarantor"] = _user("guarantor_officer", world.orgs["guarantor"], "officer")
    return world.orgs["guarantor"]


def market(world: World) -> dict[str, Product]:
    """One published product per bank (both match a 3,000万 12-month request of enterprise A)."""
    return {"with": publish(world, "bank_with_consent", name_zh="碳配额质押贷", kind="pledge_loan",
                            collateral=["allowances"]),
            "without": publish(world, "bank_without_consent", name_zh="普惠绿色贷")}  # fmt: skip


def post(world: World, banks: tuple[str, ...] = ("bank_with_consent",), amount=3000 * WAN, **kw):
    data = requests.RequestInput(amount_fen=amount, term_months=12, purpose="节能改造",
                                 green_category="energy_retrofit", green_description="余热回收改造",
                                 collateral=("allowances",),
                                 bank_ids=tuple(world.orgs[b].pk for b in banks), **kw)  # fmt: skip
    return requests.post_request(world.users["enterprise_a"], world.orgs["enterprise_a"].pk, data, today=MONDAY)


def approve(world: World, request_id: int, bank="bank_with_consent", amount=2000 * WAN):
    grab.accept(world.users[bank], request_id, today=MONDAY)
    return grab.respond(world.users[bank], request_id, Answer(True, amount, 39_000, 12), today=MONDAY)


def payout(amount: int, ref: str = "PAY-1", on: date = MONDAY) -> Payout:
    return Payout(amount, on, ref, "energy_retrofit", "余热回收")
