"""The admin goes through the same gate as the pages; ledger-like records are read-only there."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_admin_lists_are_gated_and_ledgers_read_only(world):
    root = Client()
    root.force_login(world.users["superuser"])
    for url in ["/admin/orgs/organisation/", "/admin/registry/account/", "/admin/registry/journalentry/",
                "/admin/support/scheme/", "/admin/accounting/factorrecord/", "/admin/disclosure/report/"]:  # fmt: skip
        response = root.get(url)
        assert response.status_code == 200, (url, response.status_code)
    assert root.get("/admin/registry/account/add/").status_code == 403
    # A bureau officer is not Django staff: the admin is for platform administrators only.
    assert world.client("bureau_officer").get("/admin/orgs/organisation/").status_code == 302
