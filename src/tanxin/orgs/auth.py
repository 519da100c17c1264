"""API authentication: personal bearer tokens for systems, the session (with CSRF) for the browser."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from ninja.security import HttpBasicAuth, HttpBearer, SessionAuth

from tanxin.common.errors import PermissionDenied, Unauthenticated
from tanxin.orgs.services import authenticate_token

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        record = authenticate_token(token)
        if record is None:
            # A token was presented and is wrong: say so instead of falling back to "not signed in".
            raise Unauthenticated(_("The API token is invalid, expired or revoked."), code="invalid_token")
        if request.method not in SAFE_METHODS and record.scope != "write":
            raise PermissionDenied(_("This token is read-only."), code="token_read_only")
        request.user = record.user
        request.api_token = record
        return record.user


class BrowserSession(SessionAuth):
    """Session cookie auth; ninja enforces the CSRF token on unsafe methods for cookie auth."""


class PasswordAuth(HttpBasicAuth):
    """Username and password (HTTP Basic over TLS), accepted only where a person mints a token for a system: an
    integrator's script gets its token without a browser. The login lockout (django-axes) counts every failure,
    exactly as on the login page; a wrong password is a 401 with a message, never a fallback."""

    def authenticate(self, request: HttpRequest, username: str, password: str):
        user = authenticate(request, username=username, password=password)
        if user is None or not user.is_active:
            raise Unauthenticated(_("The user name or password is wrong, or the account is locked."),
                                  code="invalid_credentials")  # fmt: skip
        request.user = user
        return user


API_AUTH = [TokenAuth(), BrowserSession()]
# Minting a token: a signed-in browser session or a person's password — never another token.
PERSON_ONLY = [BrowserSession(), PasswordAuth()]


def lockout(request: HttpRequest, original_response: HttpResponse | None = None,
            credentials: dict | None = None) -> HttpResponse:  # fmt: skip
    """What a locked-out sign-in gets (``AXES_LOCKOUT_CALLABLE``): the API's error shape for the API, the page
    for the browser; 429 either way."""
    if request.path.startswith("/api/"):
        message = _("Too many failed sign-in attempts: this account is locked for 30 minutes.")
        return JsonResponse({"code": "locked_out", "message": str(message), "details": {}}, status=429)
    return render(request, "registration/locked.html", status=429)
