"""Language choice: pages are in Simplified Chinese unless the user picked English with the switch.

Django's LocaleMiddleware would follow the browser's Accept-Language, so a bureau PC with an English
browser would get English pages; the platform's default is Chinese. API clients may still ask for a
language with Accept-Language (integrators' systems rarely keep cookies).
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import gettext as _

from tanxin.web import api_contract as contract

SUPPORTED = {code for code, _name in settings.LANGUAGES}


class LanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen in SUPPORTED:
            language = chosen
        elif request.path_info.startswith("/api/"):
            language = translation.get_language_from_request(request)
        else:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class ApiBoundaryMiddleware:
    """What reaches ``/api/`` is checked before any view runs, and every error leaves it as JSON.

    - bodies over the limit answer 413 ``too_large`` before they are read (JSON: TANXIN_API_MAX_JSON_BYTES;
      uploads: the largest file limit plus room for the form fields);
    - control characters or unpaired surrogates in a query string, JSON body or form field answer 422
      (PostgreSQL cannot store NUL; nobody types a control character);
    - Django's own 404/405/5xx pages (an unknown path, a wrong method, a crash) become ``{code, message,
      details}`` in the user's language, so no HTML page, URL list or traceback reaches an API client.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith("/api/"):
            return self.get_response(request)
        refused = self._refuse(request)
        response = refused or self.get_response(request)
        return self._as_json(request, response)

    def _refuse(self, request):
        multipart = request.content_type.startswith("multipart/")
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > (_upload_limit() if multipart else _json_limit()):
            return _json_error(413, "too_large", _("The request is too large."), {"max_bytes": _json_limit()})
        fields = contract.control_characters_in_pairs(request.GET.items())
        if request.method in ("POST", "PUT", "PATCH", "DELETE"):
            fields += self._body_fields(request, multipart)
        if fields:
            message = _("Text may not contain control characters.")
            return _json_error(422, "validation_error", _("The request is not valid."),
                               [{"field": f, "message": str(message)} for f in fields])  # fmt: skip
        return None

    @staticmethod
    def _body_fields(request, multipart) -> list[str]:
        if multipart or request.content_type == "application/x-www-form-urlencoded":
            try:
                return contract.control_characters_in_pairs(request.POST.items())
            except (MultiPartParserError, SuspiciousOperation, ValueError):  # the view answers a malformed form
                return []
        if "json" not in request.content_type or not request.body:
            return []
        try:
            parsed = json.loads(request.body)
        except ValueError:
            return []  # ninja answers malformed JSON itself
        return list(contract.control_characters(parsed))

    @staticmethod
    def _as_json(request, response):
        if response.status_code not in (404, 405) and response.status_code < 500:
            return response
        if "json" in response.get("Content-Type", ""):
            return response
        if response.status_code == 404:
            return _json_error(404, "not_found", _("Not found."))
        if response.status_code == 405:
            allowed = response.get("Allow", "")
            return _json_error(405, "method_not_allowed", _("This method is not allowed here."),
                               {"allowed": [m.strip() for m in allowed.split(",") if m.strip()]})  # fmt: skip
        return _json_error(response.status_code, "server_error", _("Something went wrong on our side."))


def _json_error(status: int, code: str, message, details=None) -> JsonResponse:
    body = {"code": code, "message": str(message), "details": details}
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def _json_limit() -> int:
    return getattr(settings, "TANXIN_API_MAX_JSON_BYTES", 1024 * 1024)


def _upload_limit() -> int:
    largest = max(getattr(settings, "TANXIN_EVIDENCE_MAX_BYTES", 0), getattr(settings, "TANXIN_IMPORT_MAX_BYTES", 0))
    return largest + 1024 * 1024
