"""API authentication: personal bearer tokens for systems, the session (with CSRF) for the browser."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer, SessionAuth

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


API_AUTH = [TokenAuth(), BrowserSession()]
SESSION_ONLY = [BrowserSession()]
