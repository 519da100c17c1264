"""The API documentation at /api/v1/docs is served by the platform itself: vendored Swagger UI, no CDN, no
inline script, so the site's content security policy lets it run."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.test import Client

STATIC = Path(__file__).resolve().parents[2] / "src" / "tanxin" / "web" / "static"


@pytest.mark.django_db
def test_the_docs_page_loads_only_local_files_and_no_inline_script():
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    sources = [re.search(r'src="([^"]+)"', attrs).group(1) for attrs, _ in scripts if "src=" in attrs]
    assert sources == ["/static/vendor/swagger-ui/swagger-ui-bundle.js", "/static/web/api-docs.js"]
    # The only script without a file is the settings, as JSON data: not executed, so the CSP allows it.
    inline = [(attrs, body) for attrs, body in scripts if "src=" not in attrs]
    assert len(inline) == 1 and 'type="application/json"' in inline[0][0] and '"/api/v1/openapi.json"' in inline[0][1]
    links = re.findall(r'(?:href|src)="([^"]+)"', html)
    assert links and all(link.startswith("/") for link in links), links  # nothing from another origin
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_the_vendored_swagger_ui_ships_with_its_licence_and_the_start_script():
    vendor = STATIC / "vendor" / "swagger-ui"
    assert "Apache License" in (vendor / "LICENSE").read_text()
    assert (vendor / "swagger-ui-bundle.js").stat().st_size > 1_000_000
    assert "SwaggerUIBundle" in (vendor / "swagger-ui-bundle.js").read_text(encoding="utf-8")[:5_000_000]
    assert "sourceMappingURL" not in (vendor / "swagger-ui.css").read_text(encoding="utf-8")
    assert 'getElementById("swagger-settings")' in (STATIC / "web" / "api-docs.js").read_text()


@pytest.mark.django_db
def test_the_schema_the_docs_page_reads_has_no_duplicate_keys_and_lists_the_operations():
    duplicates = []

    def pairs(items):
        keys = [key for key, _ in items]
        duplicates.extend(sorted({key for key in keys if keys.count(key) > 1}))
        return dict(items)

    # Swagger UI parses the document strictly: a key written twice (a download's "200" beside ninja's 200)
    # leaves the page blank.
    schema = json.loads(Client().get("/api/v1/openapi.json").content, object_pairs_hook=pairs)
    assert duplicates == []
    assert len(schema["paths"]) > 10
