"""Reads for this app's pages and API, always through the gate."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from tanxin.common.errors import NotFound
from tanxin.orgs.gate import principal_for
from tanxin.securitisation.gate import Access, access_for
from tanxin.securitisation.models import Deal, PoolLoan, Run


def deals(user: Any):
    return Deal.objects.visible_to(user, "view").select_related("jurisdiction", "arranger", "guarantor")


def deal(user: Any, deal_id: int) -> tuple[Deal, Access]:
    found = deals(user).filter(pk=deal_id).first()
    access = access_for(user, found) if found else None
    if found is None or access is None:
        raise NotFound(_("No such deal."))
    return found, access


def pool(user: Any, deal: Deal, access: Access):
    """The pool lines the user may see: all of them, or an enterprise's own."""
    rows = PoolLoan.objects.visible_to(user, "view").filter(deal=deal, active=True)
    if access == Access.LINE:
        rows = rows.filter(enterprise_id__in=principal_for(user).org_ids)
    return rows.order_by("ref")


def runs(user: Any, deal: Deal):
    return Run.objects.visible_to(user, "view").filter(deal=deal).order_by("-created_at", "-pk")


def run(user: Any, deal: Deal, run_id: int) -> Run:
    found = runs(user, deal).filter(pk=run_id).first()
    if found is None:
        raise NotFound(_("No such run."))
    return found


def latest(user: Any, deal: Deal, kind: str) -> Run | None:
    return runs(user, deal).filter(kind=kind, ok=True).first()
