"""Who sees and changes a deal: every page and API operation across every persona (tests/personas.py), plus
the guarantor that arranges the deal and a guarantor that does not."""

import pytest

from tanxin.securitisation.models import Deal, Run
from tests.personas import PERSONAS, check_matrix, check_write_matrix
from tests.securitisation import support

pytestmark = pytest.mark.django_db

READERS = {"bureau_admin", "bureau_officer", "bank_with_consent", "superuser"}
LINE = {"enterprise_a"}  # the borrower: the deal and its own line only
SECRET = "测试专项计划（机密）"


@pytest.fixture
def dw():
    return support.build()


def full_pages(dw):
    d, b, s = dw.deal.pk, dw.base.pk, dw.stress.pk
    return [f"/securitisation/{d}/runs/{b}/", f"/securitisation/{d}/runs/{s}/",
            f"/securitisation/{d}/reports/distribution/", f"/securitisation/{d}/reports/servicer/",
            f"/securitisation/{d}/reports/distribution.xlsx", f"/securitisation/{d}/reports/servicer.pdf",
            f"/securitisation/{d}/tape.xlsx", f"/securitisation/{d}/export.json"]  # fmt: skip


def full_api(dw):
    d, b = dw.deal.pk, dw.base.pk
    base = f"/api/v1/securitisation/deals/{d}"
    return [f"{base}/runs", f"{base}/runs/{b}", f"{base}/reports/distribution", f"{base}/reports/servicer",
            f"{base}/reports/servicer.xlsx", f"{base}/reports/distribution.pdf", f"{base}/tape.xlsx",
            f"{base}/export"]  # fmt: skip


def test_the_deal_page_and_its_pool_are_read_by_the_bureau_the_pool_bank_and_the_borrower(dw):
    d = dw.deal.pk
    check_matrix(dw.world, f"/securitisation/{d}/", READERS | LINE, secret=SECRET)
    check_matrix(dw.world, f"/api/v1/securitisation/deals/{d}", READERS | LINE, api=True, secret=SECRET)
    check_matrix(dw.world, f"/api/v1/securitisation/deals/{d}/pool", READERS | LINE, api=True, secret=SECRET)
    check_matrix(dw.world, f"/api/v1/securitisation/deals/{d}/subsidy", READERS | LINE, api=True)
    for who in ("guarantor",):
        assert dw.client(who).get(f"/securitisation/{d}/").status_code == 200
    assert dw.client("other_guarantor").get(f"/securitisation/{d}/").status_code == 404


def test_runs_reports_tape_and_export_are_for_readers_not_for_the_borrower(dw):
    for url in full_pages(dw):
        check_matrix(dw.world, url, READERS, secret=SECRET if url.endswith("/") else None)
        assert dw.client("guarantor").get(url).status_code == 200
        assert dw.client("other_guarantor").get(url).status_code == 404
    for url in full_api(dw):
        check_matrix(dw.world, url, READERS, api=True)


def test_lists_show_each_persona_only_its_deals(dw):
    signed_in = set(PERSONAS) - {"anonymous"}
    check_matrix(dw.world, "/securitisation/", signed_in)  # an empty list for those who have no deal
    for persona in ("enterprise_b", "bank_without_consent", "verifier_assigned", "expert"):
        assert SECRET.encode() not in dw.client(persona).get("/securitisation/").content
        assert dw.client(persona).get("/api/v1/securitisation/deals").json()["count"] == 0
    assert dw.client("bank_with_consent").get("/api/v1/securitisation/deals").json()["count"] == 1
    assert dw.client("anonymous").get("/api/v1/securitisation/deals").status_code == 401


def test_the_borrower_sees_its_own_line_and_nothing_of_the_structure(dw):
    body = dw.client("enterprise_a").get(f"/api/v1/securitisation/deals/{dw.deal.pk}").json()
    assert body["access"] == "line" and body["structure"] == {} and body["tranches"] == []
    pool = dw.client("enterprise_a").get(f"/api/v1/securitisation/deals/{dw.deal.pk}/pool").json()
    assert [x["loan_id"] for x in pool["lines"]] == [dw.loan_id] and pool["candidates"] == []


def test_new_deal_and_import_pages_are_for_guarantors_only(dw):
    check_matrix(dw.world, "/securitisation/new/", {"superuser"})
    check_matrix(dw.world, "/securitisation/import/", {"superuser"})
    assert dw.client("guarantor").get("/securitisation/new/").status_code == 200


def write_matrix(dw, send, observe, after, ok=(200,), api=True):
    """No persona of the matrix may write (the superuser only gets no error); then another guarantor is
    refused and the arranging guarantor's write happens. ``after(before)`` is the expected observation."""
    check_write_matrix(dw.world, set(), lambda: dw.deal, send, observe, after(observe(dw.deal)), ok_status=ok,
                       api=api)  # fmt: skip
    before = observe(dw.deal)
    assert send(dw.client("other_guarantor"), dw.deal).status_code in (403, 404)
    assert observe(dw.deal) == before
    response = send(dw.client("guarantor"), dw.deal)
    assert response.status_code in ok, response.content[:300]
    assert observe(dw.deal) == after(before)


def test_only_the_arranging_guarantor_runs_a_base_case(dw):
    def count(deal):
        return Run.objects.filter(deal=deal, kind="base", ok=True).count()

    def send(client, deal):
        return client.post(f"/api/v1/securitisation/deals/{deal.pk}/runs/base", data={"cdr": "0.1"},
                           content_type="application/json")

    write_matrix(dw, send, count, lambda n: n + 1, ok=(201,))


def test_only_the_arranging_guarantor_runs_stress(dw):
    def count(deal):
        return Run.objects.filter(deal=deal, kind="stress").count()

    def send(client, deal):
        return client.post(f"/api/v1/securitisation/deals/{deal.pk}/runs/stress", data={"paths": 50},
                           content_type="application/json")

    write_matrix(dw, send, count, lambda n: n + 1, ok=(201,))
    # the page's button: refused for a reader, a run and a redirect to it for the guarantor
    page = f"/securitisation/{dw.deal.pk}/run/stress/"
    assert dw.client("bureau_admin").post(page, {"paths": "50"}).status_code == 403
    n = count(dw.deal)
    response = dw.client("guarantor").post(f"/securitisation/{dw.deal.pk}/run/stress/", {"paths": "50"})
    assert response.status_code == 302 and count(dw.deal) == n + 1


def test_only_the_arranging_guarantor_changes_parties_pool_and_structure(dw):
    def name(deal):
        return Deal.objects.get(pk=deal.pk).custodian

    write_matrix(dw, lambda c, d: c.patch(f"/api/v1/securitisation/deals/{d.pk}", data={"custodian": "托管行"},
                                          content_type="application/json"), name, lambda _n: "托管行")  # fmt: skip

    def version(deal):
        return Deal.objects.get(pk=deal.pk).version

    write_matrix(dw, lambda c, d: c.put(f"/api/v1/securitisation/deals/{d.pk}/structure",
                                        data={"structure": d.structure}, content_type="application/json"),
                 version, lambda v: v + 1)  # fmt: skip

    write_matrix(dw, lambda c, d: c.put(f"/api/v1/securitisation/deals/{d.pk}/pool",
                                        data={"loan_ids": [dw.loan_id]}, content_type="application/json"),
                 version, lambda v: v + 1)  # fmt: skip


def test_only_a_guarantor_creates_a_deal(dw):
    payload = {"name_zh": "新计划", "cut_off": "2026-10-30", "first_payment": "2026-11-26"}

    def count(_deal):
        return Deal.objects.count()

    check_write_matrix(dw.world, set(), lambda: dw.deal, lambda c, d: c.post(
        "/api/v1/securitisation/deals", data=payload, content_type="application/json"), count, count(None) + 1,
        ok_status=(201,))  # fmt: skip
    assert dw.client("guarantor").post("/api/v1/securitisation/deals", data=payload,
                                       content_type="application/json").status_code == 201  # fmt: skip


def test_the_api_list_answers_every_signed_in_persona_with_its_own_deals(dw):
    check_matrix(dw.world, "/api/v1/securitisation/deals", set(PERSONAS) - {"anonymous"}, api=True)


def test_page_forms_that_change_a_deal_refuse_everybody_but_its_editors(dw):
    d = dw.deal.pk
    posts = {f"/securitisation/{d}/pool/": {"loan": [str(dw.loan_id)]},
             f"/securitisation/{d}/structure/": {"structure": "{}"},
             f"/securitisation/{d}/run/base/": {"cdr": "0.01"}}  # fmt: skip
    for url, data in posts.items():
        check_matrix(dw.world, url, {"superuser"}, method="post", data=data, ok_status=(302,),
                     refused=set(PERSONAS) - {"superuser", "anonymous"})  # fmt: skip
        assert dw.client("other_guarantor").post(url, data).status_code == 404
        response = dw.client("guarantor").post(url, data)
        assert response.status_code == 302
    # the fixture's base case, then one by the superuser and one by the guarantor
    assert Run.objects.filter(deal_id=d, kind="base", ok=True).count() == 3


def test_only_guarantors_import_a_deal(dw):
    exported = dw.client("guarantor").get(f"/api/v1/securitisation/deals/{dw.deal.pk}/export").json()
    check_matrix(dw.world, "/api/v1/securitisation/deals/import", set(), method="post", data=exported, api=True)
    check_matrix(dw.world, "/securitisation/import/", {"superuser"}, method="post", ok_status=(200,))
    # the arranging guarantor's import is refused only because the loan is already in its live deal
    response = dw.client("guarantor").post("/api/v1/securitisation/deals/import", data=exported,
                                           content_type="application/json")  # fmt: skip
    assert response.status_code == 400 and response.json()["code"] == "ineligible"
    assert Deal.objects.count() == 1


def test_the_parties_form_is_for_the_deal_editors(dw):
    url = f"/securitisation/{dw.deal.pk}/edit/"
    check_matrix(dw.world, url, {"superuser"}, refused=set(PERSONAS) - {"superuser", "anonymous"})
    assert dw.client("other_guarantor").get(url).status_code == 404
    data = {"name_zh": dw.deal.name_zh, "cut_off": dw.deal.cut_off.isoformat(),
            "first_payment": dw.deal.first_payment.isoformat(), "custodian": "托管银行"}  # fmt: skip
    check_matrix(dw.world, url, {"superuser"}, method="post", data=data, ok_status=(302,),
                 refused=set(PERSONAS) - {"superuser", "anonymous"})  # fmt: skip
    Deal.objects.filter(pk=dw.deal.pk).update(custodian="")
    assert dw.client("guarantor").post(url, data).status_code == 302
    assert Deal.objects.get(pk=dw.deal.pk).custodian == "托管银行"
    bad = dict(data, first_payment=dw.deal.cut_off.isoformat())
    response = dw.client("guarantor").post(url, bad)
    assert response.status_code == 200 and "首个兑付日须晚于封包日" in response.content.decode()


def test_another_districts_bureau_sees_neither_the_deal_nor_its_name_in_its_lists(dw):
    from tests.personas import OTHER_BUREAU, add_other_district_bureau, check_aggregate_for_outsider

    add_other_district_bureau(dw.world)
    d = dw.deal.pk
    outsider = dw.world.client(OTHER_BUREAU)
    assert outsider.get(f"/securitisation/{d}/").status_code == 404
    assert outsider.get(f"/api/v1/securitisation/deals/{d}").status_code == 404
    check_aggregate_for_outsider(dw.world, "/securitisation/", [SECRET])
    check_aggregate_for_outsider(dw.world, "/api/v1/securitisation/deals", [SECRET], api=True)
