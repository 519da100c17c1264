"""The demo seed: the 2023 round reproduced (21 awardees, each ≤ 500,000 CNY, final and paid) and a
2024 round in review with applications in every state such a round can hold."""

from __future__ import annotations

from collections import Counter

import pytest

from tanxin.orgs import seed as orgs_seed
from tanxin.support import seed as support_seed
from tanxin.support.models import Application, Award, Disbursement, Scheme

pytestmark = pytest.mark.django_db


def test_demo_seed_reproduces_2023_and_leaves_2024_in_review():
    ctx = orgs_seed.seed()
    support_seed.seed(ctx)
    s2023, s2024 = Scheme.objects.get(code="GLC-2023"), Scheme.objects.get(code="GLC-2024")
    assert s2023.status == "final" and s2024.status == "reviewing"
    awards = Award.objects.filter(application__scheme=s2023, amount_fen__gt=0)
    assert awards.count() == 21
    assert all(a.amount_fen <= 50_000_000 for a in awards)
    assert sum(a.amount_fen for a in awards) <= s2023.budget_fen
    paid = sum(d.amount_fen for d in Disbursement.objects.filter(application__scheme=s2023))
    assert paid == sum(a.amount_fen for a in awards)
    states = Counter(Application.objects.filter(scheme=s2024).values_list("status", flat=True))
    assert set(states) == {"draft", "submitted", "withdrawn", "returned", "ineligible", "complete", "under_review"}
    assert Application.objects.filter(scheme=s2024, enterprise__memberships__user=ctx.users["enterprise_a"]).exists()
