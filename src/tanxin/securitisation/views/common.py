"""What the securitisation pages share: loading a deal through the gate, labels, chart data."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from tanxin.common.errors import DomainError, NotFound
from tanxin.common.errors import PermissionDenied as Refused
from tanxin.securitisation import queries
from tanxin.securitisation.gate import Access
from tanxin.securitisation.models import Deal


def load(request: HttpRequest, deal_id: int, *, full: bool = False, edit: bool = False) -> tuple[Deal, Access]:
    try:
        deal, access = queries.deal(request.user, deal_id)
    except NotFound:
        raise Http404 from None
    if (full and access == Access.LINE) or (edit and access != Access.EDIT):
        raise PermissionDenied
    return deal, access


def guarded(fn: Any) -> Any:
    """Turn a service's not-found and refusal into the page answers 404 and 403."""
    try:
        return fn()
    except NotFound:
        raise Http404 from None
    except Refused:
        raise PermissionDenied from None
    except DomainError:
        raise
