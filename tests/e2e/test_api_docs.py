"""The API documentation runs in a browser under the site's content security policy and lists the operations."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e


def test_the_api_docs_page_lists_the_operations_without_csp_violations(page, e2e_world):
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text
            else None)  # fmt: skip
    page.goto("/api/v1/docs")
    page.wait_for_selector(".opblock", timeout=30_000)
    assert "Tanxin API" in page.locator(".info .title").inner_text()
    # Swagger UI draws the sections as they scroll into view; the first module's operations are listed.
    assert page.locator(".opblock-tag").first.inner_text().strip() == "directory"
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert len(paths) >= 5 and "/api/v1/me" in paths and all(p.startswith("/api/v1/") for p in paths)
    assert refused == []
    screenshot(page, "api-docs")
