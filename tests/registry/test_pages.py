"""Every registry and market page × every persona: allowed, or refused without a leak, never a 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tanxin.registry import services
from tanxin.registry.models import Balance
from tests.personas import PERSONAS, check_matrix

from .fixtures import build_registry

pytestmark = pytest.mark.django_db
BUREAU = {"bureau_admin", "bureau_officer"}
SIGNED_IN = set(PERSONAS) - {"anonymous"}


@pytest.fixture
def reg(world):
    return build_registry(world)


def test_enterprise_a_account_page_is_for_a_its_bureau_and_the_consenting_bank(reg):
    for suffix in ("", "statement.xlsx"):
        check_matrix(reg.world, f"/registry/accounts/{reg.a.pk}/{suffix}",
                     BUREAU | {"enterprise_a", "bank_with_consent"}, secret="EXT-A")  # fmt: skip


def test_the_pdf_statement_renders(reg):
    response = reg.world.client("enterprise_a").get(f"/registry/accounts/{reg.a.pk}/statement.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


@pytest.mark.parametrize("url", ["/registry/allocation/", "/registry/reconciliation/"])
def test_bureau_only_pages(reg, url):
    check_matrix(reg.world, url, BUREAU)


def test_compliance_board_is_for_the_bureau_and_enterprises_and_hides_others(reg):
    services.set_obligation(reg.world.users["bureau_admin"], reg.a.owner_id, 2025, 4000, reason="manual")
    check_matrix(reg.world, "/registry/compliance/?year=2025", BUREAU | {"enterprise_a", "enterprise_b"})
    page = reg.world.client("enterprise_b").get("/registry/compliance/?year=2025").content.decode()
    assert "甲企业" not in page


def test_signed_in_pages_for_everyone_with_a_seat(reg):
    for url in ("/registry/holds/", "/registry/accounts/", "/registry/", "/market/"):
        check_matrix(reg.world, url, SIGNED_IN, ok_status=(200, 302))


def test_public_explorer_and_certificate_check_need_no_login(reg):
    code = services.cancel(reg.world.users["enterprise_a"], reg.a.pk, "SZA-2024", 25, purpose="碳中和")[
        "certificate_code"
    ]
    check_matrix(reg.world, "/registry/public/", set(PERSONAS))
    anon = reg.world.client("anonymous")
    page = anon.get(f"/registry/public/certificate/?code={code}")
    assert page.status_code == 200 and b"25" in page.content
    assert anon.get("/registry/public/certificate/?code=TXC-0000-0000-0000").status_code == 404
    assert "甲企业" in anon.get("/registry/public/?year=2024").content.decode()  # a key emitter: published


def test_a_transfer_through_the_page_and_a_double_submit_moves_tonnes_once(reg):
    client = reg.world.client("enterprise_a")
    data = {"action": "transfer", "t-to_account": reg.b.number, "t-instrument": "SZA-2024", "t-quantity": "30",
            "t-reason": "sale", "t-idempotency_key": "form-key-1"}  # fmt: skip
    assert client.post(f"/registry/accounts/{reg.a.pk}/", data).status_code == 302
    assert client.post(f"/registry/accounts/{reg.a.pk}/", data).status_code == 302
    assert Balance.objects.get(account=reg.b).quantity == 30
    bad = client.post(f"/registry/accounts/{reg.a.pk}/", {**data, "t-quantity": "999999", "t-idempotency_key": "k2"})
    assert bad.status_code == 400


def test_bank_cannot_post_operations_on_an_account_it_only_reads(reg):
    client = reg.world.client("bank_with_consent")
    data = {"action": "transfer", "t-to_account": reg.b.number, "t-instrument": "SZA-2024", "t-quantity": "1",
            "t-idempotency_key": "x"}  # fmt: skip
    assert client.post(f"/registry/accounts/{reg.a.pk}/", data).status_code == 403


def test_bulk_upload_page_shows_a_row_report(reg):
    client = reg.world.client("bureau_admin")
    content = b"uscc,instrument,quantity\nNOPE,SZA-2024,1.5\n"
    response = client.post("/registry/allocation/", {
        "action": "bulk", "b-file": SimpleUploadedFile("t.csv", content), "b-subtype": "pre_allocation",
        "b-reason": "2024", "b-idempotency_key": "bulk-page",
    })  # fmt: skip
    assert response.status_code == 400
    assert "bad_quantity" not in response.content.decode()  # codes are translated into sentences


def test_pages_render_in_both_languages(reg):
    client = reg.world.client("bureau_admin")
    for lang, word in (("en", "Compliance board"), ("zh-hans", "履约")):
        client.post("/i18n/setlang/", {"language": lang, "next": "/"})  # the language switch in the header
        response = client.get("/registry/compliance/")
        assert word in response.content.decode()


def test_market_page_labels_synthetic_prices(world):
    from tanxin.market.domain.synthetic import SZA_SPEC, generate
    from tanxin.market.services import store

    store(generate(SZA_SPEC, 7).rows[:40])
    page = world.client("enterprise_a").get("/market/?instrument=SZA&on=2021-03-31").content.decode()
    assert 'data-testid="synthetic"' in page
    check_matrix(world, "/market/", SIGNED_IN)


def test_the_bureau_reverses_a_transaction_from_the_account_page(reg):
    from tanxin.registry.models import Transaction

    tx = Transaction.objects.get(kind="allocate")
    data = {"action": "reverse", "r-tx_id": tx.tx_id, "r-reason": "wrong account", "r-idempotency_key": "rev-1"}
    assert reg.world.client("enterprise_a").post(f"/registry/accounts/{reg.a.pk}/", data).status_code == 403
    assert reg.world.client("bureau_admin").post(f"/registry/accounts/{reg.a.pk}/", data).status_code == 302
    assert Balance.objects.get(account=reg.a).quantity == 0


def test_the_bureau_opens_a_holding_account_with_its_external_number(reg):
    from tanxin.registry.models import Account

    org = reg.world.orgs["verifier_assigned"]  # not offered: only enterprises, banks and guarantors
    client = reg.world.client("bureau_officer")
    bank = reg.world.orgs["bank_without_consent"]
    response = client.post("/registry/allocation/", {"action": "open", "o-organisation": bank.uscc,
                                                     "o-external_number": "SZX-BANK-9"})  # fmt: skip
    assert response.status_code == 302
    assert Account.objects.get(owner=bank, kind="holding").external_number == "SZX-BANK-9"
    refused = client.post("/registry/allocation/", {"action": "open", "o-organisation": org.uscc})
    assert refused.status_code == 200 and not Account.objects.filter(owner=org).exists()
    assert "从建议中选择" in refused.content.decode() or "suggestions" in refused.content.decode()


def test_the_open_account_form_lists_no_organisations_and_suggests_only_those_offered(reg):
    client = reg.world.client("bureau_officer")
    page = client.get("/registry/allocation/").content.decode()
    assert "<option" not in page.split('name="o-organisation"', 1)[1].split("</form>", 1)[0]
    bank, verifier = reg.world.orgs["bank_without_consent"], reg.world.orgs["verifier_assigned"]
    offered = client.get("/registry/allocation/organisations/", {"o-organisation": bank.name_zh[:2]}).content.decode()
    assert f'value="{bank.uscc}"' in offered
    assert verifier.uscc not in client.get("/registry/allocation/organisations/",
                                           {"o-organisation": verifier.name_zh}).content.decode()  # fmt: skip
    assert client.get("/registry/allocation/organisations/", {"o-organisation": ""}).content.decode().strip() == ""
    check_matrix(reg.world, f"/registry/allocation/organisations/?o-organisation={bank.name_zh[:2]}",
                 {"bureau_admin", "bureau_officer"}, secret=None)


def test_an_account_in_another_district_is_invisible_to_the_nanshan_bureau(reg):
    check_matrix(reg.world, f"/registry/accounts/{reg.futian.pk}/", set(), secret="福田企业")
    check_matrix(reg.world, f"/api/v1/registry/accounts/{reg.futian.pk}", set(), api=True, secret="福田企业")


def test_the_price_import_page_reports_bad_rows_and_saves_nothing(world):
    from tanxin.market.models import PricePoint

    client = world.client("bureau_admin")
    bad = b"date,instrument,open,close,volume,turnover\n2025-01-02,SZA,40,41,100,4050\n2025-13-01,SZA,x,41,1,1\n"
    response = client.post("/market/", {"file": SimpleUploadedFile("p.csv", bad), "source": "exchange"})
    assert response.status_code == 400 and not PricePoint.objects.exists()
    good = b"date,instrument,open,close,volume,turnover\n2025-01-02,SZA,40,41,100,4050\n"
    assert client.post("/market/", {"file": SimpleUploadedFile("p.csv", good), "source": "x"}).status_code == 302
    assert world.client("enterprise_a").post("/market/", {"source": "x"}).status_code == 403


def test_the_compliance_board_exports_to_xlsx(reg):
    import io

    from openpyxl import load_workbook

    services.set_obligation(reg.world.users["bureau_admin"], reg.a.owner_id, 2025, 4000, reason="manual")
    response = reg.world.client("bureau_officer").get("/registry/compliance/?year=2025&format=xlsx")
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == "甲企业（机密名称A）" and rows[1][3] == 4000
