from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tanxin.orgs.models import Membership, User
from tanxin.support.catalogue import STANDARD_AUTO_SCORING, STANDARD_CRITERIA, STANDARD_ELIGIBILITY
from tanxin.support.services import schemes

PDF = b"%PDF-1.4\n% evidence\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_scheme(world, *, code="GLC-2024", open_it=True, budget_fen=200_000_000, **extra):
    admin = world.users["bureau_admin"]
    now = timezone.now()
    data = {
        "code": code,
        "year": 2024,
        "title_zh": "绿色低碳专项扶持",
        "title_en": "Green and low-carbon support",
        "budget_fen": budget_fen,
        "window_opens": now - timedelta(days=10),
        "window_closes": now + timedelta(days=20),
        "auto_scoring": STANDARD_AUTO_SCORING,
        "allocation_kind": "proportional",
        "allocation_config": {"min_score": "0"},
    }
    data.update(extra)
    scheme = schemes.create_scheme(admin, data)
    for item in STANDARD_CRITERIA:
        schemes.save_criterion(admin, scheme.pk, dict(item))
    for rule in STANDARD_ELIGIBILITY:
        schemes.save_rule(admin, scheme.pk, dict(rule))
    if open_it:
        schemes.open_scheme(admin, scheme.pk)
    scheme.refresh_from_db()
    return scheme


@pytest.fixture
def experts(world):
    bureau = world.orgs["bureau"]
    result = [world.users["expert"]]
    for i in range(2, 6):
        user = User.objects.create_user(username=f"expert{i}", password="x-pass-2026-long")
        Membership.objects.create(user=user, organisation=bureau, role="expert")
        result.append(user)
    return result


@pytest.fixture
def open_scheme(world):
    return make_scheme(world)
