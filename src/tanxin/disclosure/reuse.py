"""Reuse of the bureau's aggregate reads while the rows they read are unchanged.

The overview's counts and queues and the report list's counts each pass over every newest version of a
district (20,000 at province scale). They are kept, per district scope and question, under a stamp of the
data they read: the newest change, highest id and number of rows of the versions and the reports, and of
the enterprises the user sees, and the newest organisation history row. Any save of a version (which moves
its ``updated_at``), any new report or version and any saved change to an organisation (which writes a
history row) gives a new stamp, so a kept answer is never stale; the stamp itself is read from indexes.
``TANXIN_DISCLOSURE_REUSE_SECONDS`` (default 600) bounds how long an answer is kept; 0 computes every time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Q, QuerySet

from tanxin.disclosure.models import Report, ReportVersion
from tanxin.orgs.domain.roles import CONSENT_GRANTEE_KINDS, OrgKind
from tanxin.orgs.gate import principal_for
from tanxin.orgs.models import Organisation

T = TypeVar("T")


def seconds() -> int:
    return int(getattr(settings, "TANXIN_DISCLOSURE_REUSE_SECONDS", 600))


def stamp(enterprises: QuerySet) -> tuple[int, tuple[Any, ...]]:
    """The number of the user's active enterprises (which the overview needs anyway, so it comes out of the
    same query) and the stamp of what the aggregate reads depend on; ``enterprises``: every enterprise the
    user sees, whatever its status."""
    seen = enterprises.order_by().aggregate(active=Count("pk", filter=Q(status="active")), n=Count("pk"),
                                            top=Max("pk"))  # fmt: skip
    # Every save of an organisation writes a history row: the newest one tells a renamed, moved or closed
    # enterprise from the index alone (its ``updated_at`` has none).
    changed = Organisation.history.order_by().aggregate(top=Max("history_id"))["top"]
    versions = ReportVersion.objects.order_by().aggregate(at=Max("updated_at"), top=Max("pk"), n=Count("pk"))
    reports = Report.objects.order_by().aggregate(top=Max("pk"), n=Count("pk"))
    return seen["active"], (seen["n"], seen["top"], changed, str(versions["at"]), versions["top"], versions["n"],
                            reports["top"], reports["n"])  # fmt: skip


def scope(user: Any) -> tuple[Any, ...] | None:
    """Whose view an answer is: the same staff jurisdictions and seats see the same rows. None for a verifier
    (assignments) or a bank or guarantor (consents): what they see hangs on rows the stamp does not read, so
    their answers are never kept."""
    principal = principal_for(user)
    if principal.org_ids_of_kind(OrgKind.VERIFIER, *CONSENT_GRANTEE_KINDS):
        return None
    return (principal.is_superuser, tuple(sorted(principal.staff_jurisdictions)), tuple(sorted(principal.org_ids)))


def reused(question: tuple[Any, ...], data: tuple[Any, ...] | None, compute: Callable[[], T]) -> T:
    """``compute()``, or the answer kept for the same question over the same data (none without ``data``
    or with a question asked for nobody's scope)."""
    if data is None or None in question or seconds() <= 0:
        return compute()
    key = "tanxin:disclosure:" + hashlib.sha256(repr((question, data)).encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, seconds())
    return found
