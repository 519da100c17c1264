"""The REST API at /api/v1/: one NinjaAPI, a router per module, one error format.

Every error answers ``{"code": ..., "message": ..., "details": ...}`` in the user's language
(Accept-Language or the language cookie), and the schema says so for every operation
(`tanxin.web.api_contract`). A 500 is a bug.
"""

from __future__ import annotations

import importlib
import importlib.util

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from tanxin.common.errors import DomainError
from tanxin.common.limits import MAX_PAGE_SIZE
from tanxin.orgs.auth import API_AUTH
from tanxin.web.api import router as shell_router
from tanxin.web.api_contract import ContractAPI
from tanxin.web.api_docs import VendoredSwagger

api = ContractAPI(
    title="Tanxin API",
    version="1",
    description="Carbon disclosure, allowance registry, support fund and green finance. "
    "Authenticate with a personal token (Authorization: Bearer tx_...) or the browser session. "
    "Errors answer {code, message, details}; lists answer {count, limit, offset, items} with at most "
    f"{MAX_PAGE_SIZE} items per page; text fields refuse control characters.",
    auth=API_AUTH,
    urls_namespace="api",
    docs=VendoredSwagger(),
)


def error(request: HttpRequest, status: int, code: str, message, details=None):
    return api.create_response(request, {"code": code, "message": str(message), "details": details}, status=status)


@api.exception_handler(DomainError)
def on_domain_error(request, exc: DomainError):
    return error(request, exc.status, exc.code, exc.message, _stringify(exc.details))


@api.exception_handler(NinjaValidationError)
def on_validation_error(request, exc: NinjaValidationError):
    details = [{"field": _field_name(e.get("loc", [])), "message": e.get("msg", "")} for e in exc.errors]
    return error(request, 422, "validation_error", _("The request is not valid."), details)


@api.exception_handler(AuthenticationError)
def on_auth_error(request, exc):
    return error(request, 401, "unauthenticated", _("Sign in or send a valid API token."))


@api.exception_handler(DjangoPermissionDenied)
def on_forbidden(request, exc):
    return error(request, 403, "forbidden", _("You do not have permission to do this."))


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return error(request, 404, "not_found", _("Not found."))


@api.exception_handler(DjangoValidationError)
def on_model_validation(request, exc: DjangoValidationError):
    details = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return error(request, 400, "validation_error", _("Please correct the errors."), _stringify(details))


# ninja itself raises HttpError with English text (e.g. "Cannot parse request body"); the platform's own code
# raises DomainError. Answer in the user's language and keep ninja's wording in the details.
HTTP_ERRORS = {
    400: ("malformed_request", gettext_lazy("The request body could not be read: send valid JSON.")),
    405: ("method_not_allowed", gettext_lazy("This method is not allowed here.")),
    413: ("too_large", gettext_lazy("The request is too large.")),
}


@api.exception_handler(RequestDataTooBig)
def on_too_big(request, exc):
    return error(request, 413, "too_large", _("The request is too large."))


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    original = str(getattr(exc, "message", exc))
    if exc.status_code == 403 and original == CSRF_FAILED:
        return on_csrf_failure(request)
    code, message = HTTP_ERRORS.get(exc.status_code, ("http_error", original))
    return error(request, exc.status_code, code, message, {"reason": original})


# ninja's session auth checks CSRF before it looks at the session, so an anonymous write would read
# "CSRF check Failed" (English, 403). Without a signed-in user the truth is 401; with one, a missing token.
CSRF_FAILED = "CSRF check Failed"


def on_csrf_failure(request):
    if not request.user.is_authenticated:
        return error(request, 401, "unauthenticated", _("Sign in or send a valid API token."))
    return error(request, 403, "csrf_failed", _("Reload the page and try again (the security token is missing)."))


def _field_name(loc) -> str:
    """("body", "payload", "name_zh") -> "name_zh"; ("query", "limit") -> "limit"."""
    rest = [str(part) for part in loc[1:]]
    if len(rest) > 1:
        rest = rest[1:]
    return ".".join(rest) or "body"


def _stringify(details):
    """Lazy translation proxies and ValidationError lists rendered as plain strings for JSON."""
    if isinstance(details, dict):
        return {str(k): _stringify(v) for k, v in details.items()}
    if isinstance(details, (list, tuple)):
        return [_stringify(v) for v in details]
    if details is None or isinstance(details, (int, float, bool)):
        return details
    return str(details)


for label in settings.TANXIN_APPS:
    module_name = f"tanxin.{label}.api"
    if importlib.util.find_spec(module_name) is not None:
        api.add_router(f"/{label}" if label != "orgs" else "/", importlib.import_module(module_name).router)

# The shell's own operations (the search box) at /api/v1/search.
api.add_router("/", shell_router)
