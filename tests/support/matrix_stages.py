"""A support scheme brought to each workflow stage through the services, for the persona matrices.

Every builder makes a fresh scheme (a new code each time), so a write matrix can hand each persona its own
target. Enterprise A applies; the bureau's ``expert`` persona (and any extra experts) review it.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from decimal import Decimal

from django.test import Client
from django.utils import timezone

from tanxin.orgs.models import Membership, User
from tanxin.support.models import Application, Objection, Scheme
from tanxin.support.services import applications, results, review, schemes
from tests.personas import SIGNED_IN  # noqa: F401  (re-exported for the matrix files)

from .conftest import PDF, make_scheme

CODES = itertools.count(1)
BUREAU = {"bureau_admin", "bureau_officer"}
ENTERPRISE_A = {"enterprise_a", "enterprise_a_member"}  # its admin and its members act for it
SHEET = {"ENT-3": "4", "MGT-4": "12", "ACT-2": "3"}  # the expert items of a production enterprise


@dataclass
class Stage:
    scheme: Scheme
    app: Application | None = None

    def refresh(self) -> Stage:
        self.scheme.refresh_from_db()
        if self.app is not None:
            self.app.refresh_from_db()
        return self


def code(prefix: str = "MX") -> str:
    return f"{prefix}-{next(CODES)}"


def draft(world, **extra) -> Stage:
    return Stage(make_scheme(world, code=code("DRAFT"), open_it=False, **extra))


def opened(world) -> Stage:
    return Stage(make_scheme(world, code=code("OPEN")))


def applied(world) -> Stage:
    """Enterprise A's draft application, with a declared item and its evidence."""
    stage = opened(world)
    user = world.users["enterprise_a"]
    stage.app = applications.start_application(user, stage.scheme.pk)
    applications.save_declaration(user, stage.app.pk, "ACT-1", Decimal(5), "绿色贷款")
    applications.add_evidence(user, stage.app.pk, "ACT-1", "loan.pdf", PDF)
    return stage


def submitted(world) -> Stage:
    stage = applied(world)
    applications.submit(world.users["enterprise_a"], stage.app.pk)
    return stage.refresh()


def checked(world) -> Stage:
    """Submitted, formally complete, window closed: ready for experts and verification."""
    stage = submitted(world)
    applications.formal_check(world.users["bureau_officer"], stage.app.pk, "complete")
    schemes.move(world.users["bureau_admin"], stage.scheme.pk, "closed")
    return stage.refresh()


def reviewing(world, experts: list[User] | None = None) -> Stage:
    """Under review, assigned to the ``expert`` persona (and ``experts``)."""
    stage = checked(world)
    schemes.move(world.users["bureau_admin"], stage.scheme.pk, "reviewing")
    panel = [world.users["expert"], *(experts or [])]
    review.assign(world.users["bureau_officer"], stage.app.pk, [e.pk for e in panel])
    return stage.refresh()


def scored(world) -> Stage:
    """The ``expert`` persona declared no conflict and submitted a sheet."""
    stage = reviewing(world)
    expert = world.users["expert"]
    review.declare_coi(expert, stage.app.pk, conflicted=False)
    review.submit_sheet(expert, stage.app.pk, SHEET)
    return stage.refresh()


def result_draft(world) -> Stage:
    stage = scored(world)
    results.build_result(world.users["bureau_admin"], stage.scheme.pk)
    return stage.refresh()


def approved(world) -> Stage:
    stage = result_draft(world)
    results.approve(world.users["bureau_admin"], stage.scheme.pk)
    return stage.refresh()


def publicity(world) -> Stage:
    stage = approved(world)
    results.start_publicity(world.users["bureau_admin"], stage.scheme.pk, timezone.localdate())
    return stage.refresh()


def objected(world, by: str = "enterprise_b") -> tuple[Stage, Objection]:
    stage = publicity(world)
    row = results.file_objection(world.users[by], stage.scheme.pk, "请复核评分异议文本", stage.app.pk)
    return stage, row


def final(world) -> Stage:
    """Result final with enterprise A awarded (publicity started long enough ago to have ended)."""
    stage = approved(world)
    results.start_publicity(world.users["bureau_admin"], stage.scheme.pk, timezone.localdate().replace(year=2020))
    results.finalise(world.users["bureau_admin"], stage.scheme.pk)
    return stage.refresh()


def extra_expert(world, name: str = "expert_two") -> User:
    user = User.objects.filter(username=name).first()
    if user is None:
        user = User.objects.create_user(username=name, password="x-pass-2026-long")
        Membership.objects.create(user=user, organisation=world.orgs["bureau"], role="expert")
    return user


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client
