"""A securitisation world: the personas, a live pledge loan of enterprise A (bank with consent), a guarantee
group that arranges a deal over it, with its structure, a base case and a stress run."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from tanxin.orgs.models import Membership, Organisation, User
from tanxin.securitisation import services
from tanxin.securitisation.domain import templates
from tanxin.securitisation.models import Deal, Run
from tests.lending import loans_support
from tests.personas import PASSWORD, World, _org


@dataclass
class DealWorld:
    world: World
    lw: loans_support.LendingWorld
    guarantor: Organisation
    guarantor_user: User
    other_guarantor_user: User
    deal: Deal
    loan_id: int
    base: Run | None = None
    stress: Run | None = None

    def client(self, who: str):
        from django.test import Client

        if who in ("guarantor", "other_guarantor"):
            client = Client()
            client.force_login(self.guarantor_user if who == "guarantor" else self.other_guarantor_user)
            return client
        return self.world.client(who)


def _member(username: str, org: Organisation) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, display_name=username)
    Membership.objects.create(user=user, organisation=org, role="officer")
    return user


def build(*, runs: bool = True, structure: bool = True) -> DealWorld:
    lw = loans_support.build()
    return arrange(lw, loans_support.live_loan(lw), runs=runs, structure=structure)


def arrange(lw: loans_support.LendingWorld, loan, *, runs: bool = True, structure: bool = True) -> DealWorld:
    """A guarantee group (and another one) and a deal over ``loan`` arranged by the first."""
    nanshan = lw.world.orgs["bureau"].jurisdiction
    guarantor = _org("guarantor", "担保集团（安排人）", nanshan, "MG1A0009")
    other = _org("guarantor", "另一担保公司", nanshan, "MG1B0010")
    g_user, o_user = _member("guarantor", guarantor), _member("other_guarantor", other)
    today = timezone.localdate()
    first = today.replace(day=1) + _month()
    deal = services.create_deal(g_user, {"name_zh": "测试专项计划（机密）", "name_en": "Test ABS",
                                         "cut_off": today, "first_payment": first})  # fmt: skip
    services.update_deal(g_user, deal.pk, {"rules": {"max_obligor_bp": 10_000, "max_industry_bp": 10_000,
                                                     "bands": ["A", "B", "C", "D"]}})
    services.set_pool(g_user, deal.pk, [loan.pk])
    dw = DealWorld(lw.world, lw, guarantor, g_user, o_user, deal, loan.pk)
    if structure:
        services.set_structure(g_user, deal.pk, templates.standard(loan.principal_fen, expected_maturity=12))
    if structure and runs:
        dw.base = services.run_base(g_user, deal.pk, {"cdr": "0.05"})
        dw.stress = services.run_stress(g_user, deal.pk, {"paths": 200, "seed": 7})
    dw.deal.refresh_from_db()
    return dw


def _month():
    from datetime import timedelta

    return timedelta(days=32)
