"""The API's documentation page, served by the platform itself.

django-ninja's default page loads Swagger UI from a CDN when ``ninja`` is not an installed app; the site's
content security policy (``script-src 'self'``) refuses that. This page uses the vendored Swagger UI
(``static/vendor/swagger-ui/``) and starts it from a script file, with its settings as JSON data.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import DocsBase


class VendoredSwagger(DocsBase):
    template = "web/api_docs.html"
    settings = {"layout": "BaseLayout", "deepLinking": True}

    def render_page(self, request: HttpRequest, api: Any, **kwargs: Any) -> HttpResponse:
        config = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        return render(request, self.template, {"api": api, "swagger_settings": config})
