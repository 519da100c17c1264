"""Loan desk pages: who sees which page, steps taken from the page, the chart's data, the shock slider."""

import pytest
from django.utils import timezone

from tanxin.lending.models import Loan
from tanxin.lending.services import margin
from tests.lending.loans_support import application, build, live_loan, set_prices
from tests.personas import PERSONAS, check_matrix

pytestmark = pytest.mark.django_db

INSIDERS = ["bureau_admin", "bureau_officer", "enterprise_a", "bank_with_consent"]
SIGNED_IN = [p for p in PERSONAS if p != "anonymous"]


@pytest.fixture
def lw():
    return build()


def test_a_loan_page_is_for_its_parties_and_the_bureau_only(lw):
    loan = live_loan(lw, amount_fen=2_000_000_00, quantity_t=150_000)
    set_prices(last="18.00")
    margin.mark_all()
    check_matrix(lw.world, f"/lending/loans/{loan.pk}/", INSIDERS, secret=loan.ref)
    check_matrix(lw.world, "/lending/", SIGNED_IN)
    for persona in ("enterprise_b", "bank_without_consent"):
        assert loan.ref not in lw.world.client(persona).get("/lending/").content.decode()
    page = lw.world.client("bank_with_consent").get(f"/lending/loans/{loan.pk}/").content.decode()
    assert 'id="coverage-chart"' in page and "coverage-data" in page and "<script>" not in page
    assert 'data-testid="calls"' in page and 'data-testid="disposal"' in page


def test_the_application_form_suggests_borrowers_as_one_types_and_lists_none(lw):
    bank = lw.world.client("bank_with_consent")
    page = bank.get("/lending/loans/new/").content.decode()
    assert "<option" not in page.split('name="enterprise"', 1)[1].split("</datalist>", 1)[0]
    a, b = lw.org("enterprise_a"), lw.org("enterprise_b")
    shown = bank.get("/lending/loans/new/enterprises/", {"enterprise": a.uscc[:8]}).content.decode()
    assert f'value="{a.uscc}"' in shown and b.uscc not in shown  # only enterprises that consented to the bank
    own = lw.world.client("enterprise_a").get("/lending/loans/new/").content.decode()
    assert f'value="{a.uscc}"' in own  # an enterprise applies for itself: filled in
    assert f'<option value="{lw.org("bank_with_consent").pk}" selected>' in page  # and a bank's officer's bank
    check_matrix(lw.world, f"/lending/loans/new/enterprises/?enterprise={a.uscc[:8]}",
                 ["enterprise_a", "enterprise_b", "bank_with_consent", "bank_without_consent"])  # fmt: skip
    assert a.uscc not in lw.world.client("bank_without_consent").get(
        "/lending/loans/new/enterprises/", {"enterprise": a.uscc[:8]}).content.decode()


def test_the_application_form_and_the_steps_from_the_page(lw):
    check_matrix(lw.world, "/lending/loans/new/", ["enterprise_a", "enterprise_b", "bank_with_consent",
                 "bank_without_consent"])  # fmt: skip
    client = lw.world.client("enterprise_a")
    answer = client.post("/lending/loans/new/", {"enterprise": lw.org("enterprise_a").uscc,
                         "bank": lw.org("bank_with_consent").pk, "amount_yuan": "0", "term_months": 12,
                         "purpose": "retrofit", "instrument_code": "SZA-2023", "quantity_t": 100_000,
                         "profile": "standard"})  # fmt: skip
    assert answer.status_code == 200 and not Loan.objects.exists()  # refused on the form, nothing saved
    answer = client.post("/lending/loans/new/", {"enterprise": lw.org("enterprise_a").uscc,
                         "bank": lw.org("bank_with_consent").pk, "amount_yuan": "3000000", "term_months": 12,
                         "purpose": "retrofit", "instrument_code": "SZA-2023", "quantity_t": 400_000,
                         "profile": "standard"})  # fmt: skip
    loan = Loan.objects.get()
    assert answer.status_code == 302
    bank = lw.world.client("bank_with_consent")
    bank.post(f"/lending/loans/{loan.pk}/do/screen/", {"band": "B"})
    page = bank.get(f"/lending/loans/{loan.pk}/").content.decode()
    assert 'data-testid="appraisal"' in page and 'data-testid="max-loan"' in page
    bank.post(f"/lending/loans/{loan.pk}/do/value/")
    answer = bank.post(f"/lending/loans/{loan.pk}/do/approve/", {"acknowledge_conflict": "on"})
    loan.refresh_from_db()
    assert loan.state == "approved", answer
    # someone who may not see the loan does not find it, and nothing moves
    assert lw.world.client("bank_without_consent").post(f"/lending/loans/{loan.pk}/do/contract/").status_code == 404
    # the enterprise may see the loan but the step is the bank's: refused with a message, nothing moves
    client.post(f"/lending/loans/{loan.pk}/do/disburse/")
    loan.refresh_from_db()
    assert loan.state == "approved"


def test_the_portfolio_page_and_its_shock(lw):
    live_loan(lw, amount_fen=2_000_000_00, quantity_t=150_000)
    margin.mark_all(timezone.localdate())
    check_matrix(lw.world, "/lending/portfolio/?shock=-35", ["bureau_admin", "bureau_officer", "bank_with_consent",
                 "bank_without_consent"])  # fmt: skip
    page = lw.world.client("bank_with_consent").get("/lending/portfolio/?shock=-70").content.decode()
    assert 'data-testid="breaching">1<' in page
    assert lw.world.client("bank_with_consent").get("/lending/portfolio/?shock=abc").status_code == 200


def test_the_pledge_notices_are_public_in_both_languages(lw):
    loan = live_loan(lw)
    anonymous = lw.world.client("anonymous")
    chinese = anonymous.get("/lending/notices/").content.decode()
    assert loan.notice_no in chinese and "碳排放配额质押公告" in chinese
    anonymous.cookies["tanxin_language"] = "en"
    assert "Carbon allowance pledge notices" in anonymous.get("/lending/notices/").content.decode()


def test_an_application_page_shows_no_codes(lw):
    loan = application(lw)
    page = lw.world.client("enterprise_a").get(f"/lending/loans/{loan.pk}/").content.decode()
    assert "register_pledge" not in page.replace("do/register_pledge", "") and "applied" not in page


def test_a_step_document_is_downloadable_by_the_loan_parties_only(lw):
    loan = live_loan(lw)
    doc = loan.documents.get(kind="contract")
    url = f"/lending/loans/{loan.pk}/documents/{doc.pk}/"
    check_matrix(lw.world, url, INSIDERS)
    body = b"".join(lw.world.client("bank_with_consent").get(url).streaming_content)
    assert body.startswith(b"\x89PNG")
