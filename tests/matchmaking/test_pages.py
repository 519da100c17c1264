"""Every matchmaking page as every persona: who gets through, who is refused without a leak, nobody gets a 500."""

from __future__ import annotations

import pytest

from tanxin.matchmaking.models import Addressee, FinancingRequest, Product
from tanxin.matchmaking.services import catalogue
from tests.matchmaking.builders import approve, market, post, product_data
from tests.personas import check_matrix, check_write_matrix

pytestmark = pytest.mark.django_db
STAFF = ("bureau_admin", "bureau_officer")
ENTERPRISES = ("enterprise_a", "enterprise_b")
BANKS = ("bank_with_consent", "bank_without_consent")
SECRET = "余热回收改造"  # enterprise A's green project, shown only to those who may read the request


@pytest.fixture
def posted(world):
    market(world)
    return post(world)


def test_the_public_catalogue_and_summary_are_open_to_everyone(world, posted):
    everyone = ("bureau_admin", "bureau_officer", "enterprise_a", "enterprise_b", "bank_with_consent",
                "bank_without_consent", "verifier_assigned", "verifier_other", "expert", "anonymous")  # fmt: skip
    body = check_matrix(world, "/matchmaking/catalogue/", everyone)
    assert body
    response = world.client("anonymous").get("/matchmaking/catalogue/")
    assert "碳配额质押贷" in response.content.decode() and SECRET not in response.content.decode()
    check_matrix(world, "/matchmaking/summary/", everyone)
    summary = world.client("anonymous").get("/matchmaking/summary/").content.decode()
    assert "甲企业" not in summary and posted.ref not in summary


def test_the_request_list_shows_each_party_only_what_reaches_it(world, posted):
    check_matrix(world, "/matchmaking/", (*STAFF, *ENTERPRISES, *BANKS), secret=posted.ref)
    for persona in ("enterprise_b", "bank_without_consent"):
        assert posted.ref not in world.client(persona).get("/matchmaking/").content.decode()
    assert posted.ref in world.client("bank_with_consent").get("/matchmaking/").content.decode()


def test_a_request_is_seen_by_its_enterprise_its_banks_with_consent_and_the_bureau(world, posted):
    check_matrix(world, f"/matchmaking/requests/{posted.pk}/", (*STAFF, "enterprise_a", "bank_with_consent"),
                 secret=SECRET)  # fmt: skip


def test_revoking_the_consent_hides_the_request_from_the_bank(world, posted):
    from django.utils import timezone

    Addressee.objects.filter(request=posted).values_list("consent", flat=True)
    consent = Addressee.objects.get(request=posted).consent
    consent.revoked_at = timezone.now()
    consent.save()
    assert world.client("bank_with_consent").get(f"/matchmaking/requests/{posted.pk}/").status_code == 404


def test_the_station_dashboard_and_report_are_for_bureau_staff(world, posted):
    approve(world, posted.pk)
    for url in ("/matchmaking/station/", "/matchmaking/station/report.xlsx"):
        check_matrix(world, url, STAFF)
    pdf = world.client("bureau_officer").get("/matchmaking/station/report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    check_matrix(world, "/matchmaking/station/?start=2026-01-01&end=2026-12-31", STAFF)


def test_product_pages(world, posted):
    check_matrix(world, "/matchmaking/products/", (*STAFF, *BANKS))
    data = product_data(jurisdiction_id=world.jurisdictions["440305"].pk, name_zh="草稿产品")
    draft = catalogue.create_product(world.users["bank_with_consent"], data)
    check_matrix(world, f"/matchmaking/products/{draft.pk}/", (*STAFF, "bank_with_consent"), secret="草稿产品")
    check_matrix(world, "/matchmaking/products/new/", BANKS)
    check_matrix(world, "/matchmaking/requests/new/", ENTERPRISES, refused=("enterprise_a_member",))
    check_matrix(world, "/matchmaking/meetings/", (*STAFF, *ENTERPRISES, *BANKS))


def test_only_the_bank_reached_may_accept(world):
    market(world)
    check_write_matrix(world, ["bank_with_consent"], prepare=lambda: post(world),
                       send=lambda c, r: c.post(f"/matchmaking/requests/{r.pk}/accept/"),
                       observe=lambda r: Addressee.objects.get(request=r, bank__name_zh="有授权银行").slot,
                       expected_after="engaged", ok_status=(302,), api=False)  # fmt: skip


def test_only_the_enterprise_withdraws_its_request(world):
    market(world)
    check_write_matrix(world, ["enterprise_a"], prepare=lambda: post(world),
                       send=lambda c, r: c.post(f"/matchmaking/requests/{r.pk}/withdraw/"),
                       observe=lambda r: FinancingRequest.objects.get(pk=r.pk).status,
                       expected_after="withdrawn", ok_status=(302,), api=False)  # fmt: skip


def test_only_the_approving_bank_records_a_disbursement(world):
    market(world)

    def prepare():
        r = post(world)
        approve(world, r.pk)
        return r

    data = {"amount_yuan": "100000", "paid_on": "2026-03-03", "reference": "P-1", "green_category": "", "project": ""}
    check_write_matrix(world, ["bank_with_consent"], prepare=prepare,
                       send=lambda c, r: c.post(f"/matchmaking/requests/{r.pk}/disburse/", data),
                       observe=lambda r: FinancingRequest.objects.get(pk=r.pk).disbursed_fen,
                       expected_after=100_000 * 100, ok_status=(302,), api=False)  # fmt: skip


def test_only_bureau_staff_publish_a_submitted_product(world):
    def prepare():
        p = catalogue.create_product(world.users["bank_with_consent"],
                                     product_data(jurisdiction_id=world.jurisdictions["440305"].pk))  # fmt: skip
        return catalogue.submit_product(world.users["bank_with_consent"], p.pk)

    check_write_matrix(world, [*STAFF, "superuser"], prepare=prepare,
                       send=lambda c, p: c.post(f"/matchmaking/products/{p.pk}/do/publish/"),
                       observe=lambda p: Product.objects.get(pk=p.pk).status,
                       expected_after="published", ok_status=(302,), api=False)  # fmt: skip


def test_a_posted_form_with_an_absurd_amount_shows_a_field_error(world):
    market(world)
    response = world.client("enterprise_a").post("/matchmaking/requests/new/", {
        "amount_yuan": "5", "term_months": "12", "purpose": "扩产", "urgency": "normal", "mode": "grab"})  # fmt: skip
    assert response.status_code == 200 and not FinancingRequest.objects.exists()
    assert 'role="alert"' in response.content.decode()


def test_only_bureau_staff_record_a_meeting(world, posted):
    from tanxin.matchmaking.models import Meeting

    check_matrix(world, "/matchmaking/meetings/new/", STAFF)
    data = {"title_zh": "首次政银企对接会", "held_on": "2021-06-18", "venue": "金融服务站",
            "banks": [world.orgs["bank_with_consent"].pk], "requests": posted.ref.lower(),
            "outcomes": "意向签约"}  # fmt: skip
    assert world.client("bank_with_consent").post("/matchmaking/meetings/new/", data).status_code == 403
    assert not Meeting.objects.exists()
    unknown = world.client("bureau_officer").post("/matchmaking/meetings/new/",
                                                  {**data, "requests": f"{posted.ref}，RZ1999-000009"})
    assert unknown.status_code == 200 and "RZ1999-000009" in unknown.content.decode() and not Meeting.objects.exists()
    page = world.client("bureau_officer").get("/matchmaking/meetings/new/").content.decode()
    # requests are typed by number, never listed as choices
    assert 'type="text" name="requests"' in page and 'type="checkbox" name="requests"' not in page
    response = world.client("bureau_officer").post("/matchmaking/meetings/new/", data)
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert list(meeting.requests.all()) == [posted] and list(meeting.enterprises.all()) == [world.orgs["enterprise_a"]]
    assert "首次政银企对接会" in world.client("bank_with_consent").get("/matchmaking/meetings/").content.decode()
    assert "首次政银企对接会" not in world.client("enterprise_b").get("/matchmaking/meetings/").content.decode()


def test_the_station_pdf_is_for_bureau_staff(world, posted):
    check_matrix(world, "/matchmaking/station/report.pdf", STAFF)


def test_only_the_engaged_bank_answers_from_the_page(world):
    from tanxin.matchmaking.services import grab

    market(world)

    def engaged():
        r = post(world)
        grab.accept(world.users["bank_with_consent"], r.pk)
        return r

    check_write_matrix(world, ["bank_with_consent"], prepare=engaged,
                       send=lambda c, r: c.post(f"/matchmaking/requests/{r.pk}/answer/",
                                                {"decision": "decline", "decline_code": "credit_history"}),
                       observe=lambda r: Addressee.objects.get(request=r, bank__name_zh="有授权银行").outcome,
                       expected_after="declined", ok_status=(302,), api=False)  # fmt: skip


def test_only_the_enterprise_admin_reports_the_use_of_proceeds(world):
    from datetime import date

    from tanxin.matchmaking.models import ProceedsReport
    from tanxin.matchmaking.services import outcomes

    market(world)

    def paid():
        r = post(world)
        approve(world, r.pk)
        return outcomes.disburse(world.users["bank_with_consent"], r.pk,
                                 outcomes.Payout(100_000 * 100, date(2026, 3, 3), f"U-{r.pk}"))  # fmt: skip

    check_write_matrix(world, ["enterprise_a"], prepare=paid,
                       send=lambda c, d: c.post(f"/matchmaking/disbursements/{d.pk}/use/",
                                                {"progress_pct": "30", "note": "设备已采购"}),
                       observe=lambda d: ProceedsReport.objects.filter(disbursement=d).count(), expected_after=1,
                       ok_status=(302,), api=False)  # fmt: skip


def test_the_request_list_comes_25_to_a_page_newest_first_whatever_the_number_of_requests(world):
    market(world)
    refs = [post(world, amount=(100 + i) * 10_000 * 100).ref for i in range(27)]
    client = world.client("bureau_officer")
    first = client.get("/matchmaking/").content.decode()
    second = client.get("/matchmaking/?page=2").content.decode()
    assert "第 1 页，共 2 页" in first and "第 2 页，共 2 页" in second
    assert refs[-1] in first and refs[2] in first and refs[1] not in first
    assert refs[1] in second and refs[0] in second and refs[-1] not in second
    # a filter is kept from page to page
    assert "status=&amp;page=2" in first
