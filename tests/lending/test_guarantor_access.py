"""A guarantor (the guarantee group of the seed's ABS) is a partner institution like a bank: without the
enterprise's consent it sees neither the enterprise's card nor anyone's loans; with consent it reads the card,
and still never another lender's loan."""

from __future__ import annotations

import pytest

from tanxin.orgs import services as org_services
from tests.lending.loans_support import build, live_loan
from tests.personas import _org, _user

pytestmark = pytest.mark.django_db


@pytest.fixture
def guarded():
    lw = build()
    world = lw.world
    jurisdiction = world.orgs["bureau"].jurisdiction
    world.orgs["guarantor"] = _org("guarantor", "深圳担保集团", jurisdiction, "MA5G0009", name_en="Guarantee group")
    world.users["guarantor"] = _user("guarantor", world.orgs["guarantor"], "officer")
    loan = live_loan(lw, amount_fen=2_000_000_00, quantity_t=150_000)
    return lw, loan


def _refused(status: int) -> bool:
    return status in (403, 404)


def test_without_consent_a_guarantor_sees_no_card_and_no_loan(guarded):
    lw, loan = guarded
    client = lw.world.client("guarantor")
    enterprise = lw.org("enterprise_a")
    listing = client.get("/lending/")
    assert listing.status_code == 200 and loan.ref not in listing.content.decode()
    assert _refused(client.get(f"/lending/loans/{loan.pk}/").status_code)
    assert _refused(client.get(f"/lending/screening/{enterprise.pk}/").status_code)
    assert _refused(client.get(f"/lending/screening/{enterprise.pk}/profile.pdf").status_code)
    assert _refused(client.get(f"/api/v1/lending/loans/{loan.pk}").status_code)
    assert _refused(client.get(f"/api/v1/lending/screening/enterprises/{enterprise.pk}").status_code)
    api_list = client.get("/api/v1/lending/loans").json()
    assert api_list["count"] == 0 and api_list["items"] == []
    portfolio = client.get("/lending/portfolio/")
    assert portfolio.status_code in (200, 403) and loan.ref not in portfolio.content.decode()


def test_with_consent_a_guarantor_reads_the_card_but_still_not_the_banks_loan(guarded):
    lw, loan = guarded
    enterprise = lw.org("enterprise_a")
    org_services.grant_consent(lw.user("enterprise_a"), enterprise.pk, lw.org("guarantor").pk,
                               purpose="guarantee for a pledge loan")  # fmt: skip
    client = lw.world.client("guarantor")
    card = client.get(f"/lending/screening/{enterprise.pk}/")
    assert card.status_code == 200 and enterprise.name_zh in card.content.decode()
    assert client.get(f"/api/v1/lending/screening/enterprises/{enterprise.pk}").status_code == 200
    assert _refused(client.get(f"/lending/loans/{loan.pk}/").status_code)  # the loan is the bank's, not the guarantor's
    assert _refused(client.get(f"/api/v1/lending/loans/{loan.pk}").status_code)
