"""No dead links: every link on every persona's home page and navigation answers without a 404 or a 500."""

import re

import pytest

from tests.personas import PERSONAS

pytestmark = pytest.mark.django_db
HREF = re.compile(r'href="(/[^"#]*)"')


@pytest.mark.parametrize("persona", PERSONAS)
def test_home_page_links_all_lead_somewhere(world, persona):
    client = world.client(persona)
    home = client.get("/")
    assert home.status_code == 200
    links = set(HREF.findall(home.content.decode())) - {"/static/"}
    assert links, "a home page without links"
    for link in sorted(links):
        if link.startswith("/static/"):
            continue
        response = client.get(link.replace("&amp;", "&"))
        assert response.status_code in (200, 302), f"{persona}: {link} -> {response.status_code}"
