"""Every directory page and endpoint × every persona: allowed, or refused without a leak, never a 500."""

import pytest

from tests.personas import PERSONAS, check_matrix

pytestmark = pytest.mark.django_db

BUREAU = {"bureau_admin", "bureau_officer"}


def test_directory_page_is_for_bureau_staff_and_banks(world):
    statuses = check_matrix(world, "/directory/", BUREAU | {"bank_with_consent", "bank_without_consent"})
    assert statuses["enterprise_a"] == 403


def test_bureau_sees_every_nanshan_enterprise_but_not_another_district(world):
    page = world.client("bureau_officer").get("/directory/?kind=enterprise").content.decode()
    assert "甲企业" in page and "乙企业" in page
    assert "福田企业" not in page


def test_a_bank_sees_an_enterprise_only_with_its_consent(world):
    page = world.client("bank_with_consent").get("/directory/").content.decode()
    assert "甲企业" in page and "乙企业" not in page
    page = world.client("bank_without_consent").get("/directory/").content.decode()
    assert "甲企业" not in page


def test_enterprise_a_page_is_visible_to_a_its_bureau_and_consented_bank_only(world):
    org = world.orgs["enterprise_a"]
    check_matrix(world, f"/directory/{org.pk}/", BUREAU | {"enterprise_a", "bank_with_consent"}, secret="甲企业")
    check_matrix(world, f"/directory/{org.pk}/history/", BUREAU | {"enterprise_a", "bank_with_consent"},
                 secret="甲企业")  # fmt: skip


def test_only_bureau_and_the_enterprise_admin_may_open_the_edit_form(world):
    org = world.orgs["enterprise_a"]
    check_matrix(world, f"/directory/{org.pk}/edit/", BUREAU | {"enterprise_a"}, secret="甲企业",
                 refused={"enterprise_a_member"})  # fmt: skip


def test_an_enterprise_member_without_admin_role_cannot_edit(world):
    from django.test import Client

    client = Client()
    client.force_login(world.users["enterprise_a_member"])
    assert client.get(f"/directory/{world.orgs['enterprise_a'].pk}/edit/").status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        "/directory/new/",
        "/directory/import/",
        "/directory/import/template.xlsx",
        "/directory/export.csv",
        "/directory/export.xlsx",
        "/directory/jurisdictions/",
    ],
)
def test_bureau_only_pages(world, url):
    check_matrix(world, url, BUREAU)


def test_every_signed_in_persona_has_a_home_and_token_page(world):
    signed_in = set(PERSONAS) - {"anonymous"}
    check_matrix(world, "/directory/tokens/", signed_in)
    check_matrix(world, "/directory/consents/", signed_in)
    statuses = check_matrix(world, "/", set(PERSONAS))
    assert set(statuses.values()) == {200}


def test_api_list_obeys_the_gate(world):
    check_matrix(world, "/api/v1/organisations", set(PERSONAS) - {"anonymous"}, api=True)
    for persona, expected in {
        "bureau_admin": {"甲企业（机密名称A）", "乙企业（机密名称B）"},
        "enterprise_b": {"乙企业（机密名称B）"},
        "bank_with_consent": {"甲企业（机密名称A）"},
        "bank_without_consent": set(),
        "verifier_other": set(),
        "expert": set(),
    }.items():
        names = {
            o["name_zh"] for o in world.client(persona).get("/api/v1/organisations?kind=enterprise").json()["items"]
        }
        assert names == expected, persona


def test_api_detail_of_enterprise_a(world):
    org = world.orgs["enterprise_a"]
    check_matrix(world, f"/api/v1/organisations/{org.pk}", BUREAU | {"enterprise_a", "bank_with_consent"},
                 api=True, secret="甲企业")  # fmt: skip


def test_api_create_is_for_bureau_staff_only(world):
    from tanxin.common.identifiers import make_uscc

    counter = iter(range(1000))

    def create(client):
        n = next(counter)
        payload = {"uscc": make_uscc("91", "440305", f"MC{n:06d}"), "name_zh": f"新企业{n}",
                   "jurisdiction": "440305", "industry": "C39", "enterprise_type": "production"}  # fmt: skip
        return client.post("/api/v1/organisations", payload, content_type="application/json")

    check_matrix(world, "/api/v1/organisations", BUREAU, api=True, ok_status=(201,), make_request=create)


def test_api_patch_respects_field_rights(world):
    org = world.orgs["enterprise_a"]

    def patch(client):
        return client.patch(f"/api/v1/organisations/{org.pk}", {"address": "新地址"}, content_type="application/json")

    check_matrix(world, f"/api/v1/organisations/{org.pk}", BUREAU | {"enterprise_a"}, api=True, make_request=patch)
    response = world.client("enterprise_a").patch(
        f"/api/v1/organisations/{org.pk}", {"key_emitter": False}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["details"] == {"fields": ["key_emitter"]}


def test_members_of_enterprise_a_are_visible_to_its_people_and_bureau(world):
    org = world.orgs["enterprise_a"]
    statuses = check_matrix(world, f"/api/v1/organisations/{org.pk}/members",
                            BUREAU | {"enterprise_a", "bank_with_consent"}, api=True)  # fmt: skip
    assert statuses["enterprise_b"] == 404
    members = world.client("bank_with_consent").get(f"/api/v1/organisations/{org.pk}/members").json()
    assert members["items"] == [] and members["count"] == 0  # the bank may see the enterprise, not its people
