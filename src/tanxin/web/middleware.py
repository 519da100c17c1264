"""Language choice: pages are in Simplified Chinese unless the user picked English with the switch.

Django's LocaleMiddleware would follow the browser's Accept-Language, so a bureau PC with an English
browser would get English pages; the platform's default is Chinese. API clients may still ask for a
language with Accept-Language (integrators' systems rarely keep cookies).
"""

from __future__ import annotations

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

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
