"""Which pages and API operations the persona matrices reached, and which they did not.

Every request a persona client makes inside ``check_matrix`` or ``check_write_matrix`` records the route it
resolved to (a page's URL pattern; an API operation's method and OpenAPI path). At the end of a whole-suite
run (``make test`` sets ``TANXIN_MATRIX_COVERAGE=1``) the plugin in ``tests/conftest.py`` compares the record
with every route the URL resolver and the OpenAPI document declare, and fails the run for a page or an API
operation that no matrix reached: a new page or endpoint is born with its persona-matrix entry, or the suite
is red. ``EXEMPT`` names the few routes that are the same for everybody, each with its reason.
"""

from __future__ import annotations

import contextvars
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

API_PREFIX = "api/v1/"
_ACTIVE: contextvars.ContextVar[bool] = contextvars.ContextVar("matrix_active", default=False)
COVERED_PAGES: set[str] = set()
COVERED_OPS: set[tuple[str, str]] = set()

# Routes whose answer does not depend on who asks (or that belong to Django itself), with the reason.
EXEMPT = {
    "": "the home page: each role's home is checked by the role-home tests",
    "healthz": "liveness probe: public by design, no data",
    "accounts/login/": "login form: public by design",
    "accounts/logout/": "logout: acts only on the caller's own session",
    "i18n/setlang/": "language switch: acts only on the caller's own session",
    "admin/": "Django admin: operator-only, guarded by Django's staff flag",
    "api/v1/openapi.json": "the API's published contract: public by design",
    "api/v1/docs": "the API's documentation page: public by design",
}
EXEMPT_PREFIXES = ("admin/", "static/", "media/", "__debug__/")


@contextmanager
def recording() -> Iterator[None]:
    token = _ACTIVE.set(True)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def record(method: str, path: str) -> None:
    """Note the route ``path`` resolves to (called for every persona request; a no-op outside a matrix)."""
    if not _ACTIVE.get():
        return
    path = path.split("?", 1)[0]
    try:
        match = resolve(path)
    except Resolver404:
        return
    route = match.route
    if route.startswith(API_PREFIX):
        COVERED_OPS.add((method.upper(), openapi_path(route)))
    else:
        COVERED_PAGES.add(route)


def openapi_path(route: str) -> str:
    """``api/v1/lending/loans/<int:loan_id>`` → ``/api/v1/lending/loans/{loan_id}`` (the OpenAPI form)."""
    return "/" + re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", route)


def page_routes() -> set[str]:
    """Every page route the resolver declares, outside the API and the exempt prefixes."""
    routes: set[str] = set()

    def walk(patterns, prefix: str) -> None:
        for p in patterns:
            here = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                walk(p.url_patterns, here)
            elif isinstance(p, URLPattern):
                routes.add(here)

    walk(get_resolver().url_patterns, "")
    return {r for r in routes if not r.startswith(API_PREFIX) and not r.startswith(EXEMPT_PREFIXES)
            and r not in EXEMPT}  # fmt: skip


def api_operations() -> set[tuple[str, str]]:
    from tanxin.config.api import api

    schema = api.get_openapi_schema()
    ops = set()
    for path, item in schema["paths"].items():
        for method in item:
            if method.lower() in ("get", "post", "put", "patch", "delete"):
                ops.add((method.upper(), path))
    return {op for op in ops if op[1].lstrip("/") not in EXEMPT}


def missing() -> set[str]:
    """Every declared route no matrix reached, as lines: ``page <route>`` and ``api <METHOD> <path>``."""
    pages = {f"page {route}" for route in page_routes() - COVERED_PAGES}
    return pages | {f"api {method} {path}" for method, path in api_operations() - COVERED_OPS}


DEBT_DIR = Path(__file__).with_name("matrix_debt")


def debt() -> set[str]:
    """The routes written before the rule that still have no matrix (``tests/matrix_debt/<module>.txt``, one
    file per module): the lists may only shrink. A route on them that a matrix now reaches must be struck off."""
    lines = [line for f in sorted(DEBT_DIR.glob("*.txt")) for line in f.read_text(encoding="utf-8").splitlines()]
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def verdict() -> list[str]:
    """What is wrong with the coverage (empty when nothing is): new routes without a matrix, stale debt."""
    gaps, owed = missing(), debt()
    out = [f"  no persona matrix reaches: {line}" for line in sorted(gaps - owed)]
    return out + [f"  covered now, strike it off tests/matrix_debt/: {line}" for line in sorted(owed - gaps)]
