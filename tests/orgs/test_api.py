"""Directory API behaviour: me, filters, pagination, bad input in both languages, tokens, CSRF."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tanxin.common.identifiers import make_uscc
from tanxin.orgs.models import ApiToken, Organisation
from tanxin.orgs.services import create_token

pytestmark = pytest.mark.django_db


def _payload(**overrides):
    data = {"uscc": make_uscc("91", "440305", "MD000001"), "name_zh": "新能源测试有限公司", "jurisdiction": "440305",
            "industry": "C39", "enterprise_type": "production"}  # fmt: skip
    data.update(overrides)
    return data


def test_me_describes_the_user_and_their_seats(world):
    body = world.client("enterprise_a").get("/api/v1/me").json()
    assert body["username"] == "enterprise_a"
    assert body["is_bureau_staff"] is False
    assert body["memberships"] == [
        {"organisation_id": world.orgs["enterprise_a"].pk, "organisation": "甲企业（机密名称A）",
         "kind": "enterprise", "role": "admin"}
    ]  # fmt: skip
    assert world.client("bureau_officer").get("/api/v1/me").json()["is_bureau_staff"] is True


def test_anonymous_gets_a_401_in_the_error_format():
    response = Client().get("/api/v1/me")
    assert response.status_code == 401
    assert set(response.json()) == {"code", "message", "details"}


def test_filters_sorting_and_pagination(world):
    client = world.client("bureau_admin")
    body = client.get("/api/v1/organisations?kind=enterprise&industry=C&sort=-name&limit=1&offset=0").json()
    assert body["count"] == 1  # only A is manufacturing (section C) inside Nanshan
    body = client.get("/api/v1/organisations?kind=enterprise&sort=name&limit=1&offset=1").json()
    assert body["count"] == 2 and len(body["items"]) == 1
    assert client.get("/api/v1/organisations?q=Beta").json()["items"][0]["name_en"] == "Beta Secret Co"
    assert client.get("/api/v1/organisations?key_emitter=true&kind=enterprise").json()["count"] == 1
    assert client.get("/api/v1/organisations?limit=501").status_code == 422


def test_invalid_credit_code_is_a_field_error_in_chinese_by_default(world):
    bad = _payload(uscc="91350100M000100Y44")
    response = world.client("bureau_admin").post("/api/v1/organisations", bad, content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "validation_error"
    assert "校验" in body["details"]["uscc"][0]
    assert not Organisation.objects.filter(uscc=bad["uscc"]).exists()


def test_the_same_error_in_english_when_asked(world):
    response = world.client("bureau_admin").post(
        "/api/v1/organisations", _payload(uscc="91350100M000100Y44"), content_type="application/json",
        headers={"Accept-Language": "en"},
    )  # fmt: skip
    assert "check character" in response.json()["details"]["uscc"][0]


def test_duplicate_code_and_unknown_industry_are_refused(world):
    client = world.client("bureau_admin")
    duplicate = _payload(uscc=world.orgs["enterprise_a"].uscc)
    response = client.post("/api/v1/organisations", duplicate, content_type="application/json")
    assert response.status_code == 400 and "uscc" in response.json()["details"]
    response = client.post("/api/v1/organisations", _payload(industry="Z99"), content_type="application/json")
    assert response.status_code == 400 and "industry" in response.json()["details"]


def test_over_long_fields_and_malformed_json_are_4xx(world):
    client = world.client("bureau_admin")
    response = client.post("/api/v1/organisations", _payload(name_zh="长" * 201), content_type="application/json")
    assert response.status_code == 422
    assert response.json()["details"][0]["field"] == "name_zh"
    response = client.post("/api/v1/organisations", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "malformed_request"
    assert "JSON" in response.json()["message"] and "无法读取" in response.json()["message"]
    english = client.post("/api/v1/organisations", "{not json", content_type="application/json",
                          headers={"Accept-Language": "en"})  # fmt: skip
    assert english.json()["message"] == "The request body could not be read: send valid JSON."


def test_history_records_the_actor(world):
    org = world.orgs["enterprise_b"]
    client = world.client("bureau_officer")
    client.patch(f"/api/v1/organisations/{org.pk}", {"contact_phone": "0755-1234"}, content_type="application/json")
    history = client.get(f"/api/v1/organisations/{org.pk}/history").json()["items"]
    assert history[0]["user"] == "bureau_officer"
    assert ["contact_phone", "", "0755-1234"] in history[0]["changes"]


class TestTokens:
    def test_a_token_is_shown_once_and_stored_hashed(self, world):
        client = world.client("bank_with_consent")
        response = client.post("/api/v1/tokens", {"name": "core banking", "scope": "read", "days": 30},
                               content_type="application/json")  # fmt: skip
        assert response.status_code == 201
        token = response.json()["token"]
        record = ApiToken.objects.get(pk=response.json()["id"])
        assert token not in (record.token_hash, record.prefix) and len(record.token_hash) == 64
        assert "token" not in client.get("/api/v1/tokens").json()["items"][0]

    def test_a_read_token_reads_but_cannot_write(self, world):
        _record, token = create_token(world.users["bureau_officer"], "etl", "read", 10)
        auth = {"Authorization": f"Bearer {token}"}
        assert Client().get("/api/v1/me", headers=auth).json()["username"] == "bureau_officer"
        org = world.orgs["enterprise_b"]
        response = Client().patch(f"/api/v1/organisations/{org.pk}", {"address": "x"},
                                  content_type="application/json", headers=auth)  # fmt: skip
        assert response.status_code == 403 and response.json()["code"] == "token_read_only"

    def test_a_write_token_writes_without_csrf(self, world):
        _record, token = create_token(world.users["bureau_officer"], "sync", "write", 10)
        org = world.orgs["enterprise_b"]
        response = Client(enforce_csrf_checks=True).patch(
            f"/api/v1/organisations/{org.pk}", {"address": "深圳湾1号"}, content_type="application/json",
            headers={"Authorization": f"Bearer {token}"},
        )  # fmt: skip
        assert response.status_code == 200 and response.json()["address"] == "深圳湾1号"

    def test_revoked_and_expired_tokens_are_refused_with_a_clear_message(self, world):
        user = world.users["bureau_officer"]
        revoked, revoked_token = create_token(user, "old", "read", 10)
        world.client("bureau_officer").delete(f"/api/v1/tokens/{revoked.pk}")
        expired, expired_token = create_token(user, "older", "read", 10)
        ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
        for token in (revoked_token, expired_token, "tx_nonsense"):
            response = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}", "Accept-Language": "en"})
            assert response.status_code == 401
            assert response.json()["code"] == "invalid_token"
            assert "expired or revoked" in response.json()["message"]

    def test_tokens_cannot_mint_tokens(self, world):
        _record, token = create_token(world.users["bureau_officer"], "sync", "write", 10)
        response = Client().post("/api/v1/tokens", {"name": "x"}, content_type="application/json",
                                 headers={"Authorization": f"Bearer {token}"})  # fmt: skip
        assert response.status_code in (401, 403)

    def test_bad_token_requests_are_field_errors(self, world):
        client = world.client("bureau_officer")
        response = client.post("/api/v1/tokens", {"name": "x", "days": 1000}, content_type="application/json")
        assert response.status_code == 400 and "days" in response.json()["details"]

    def test_nobody_sees_or_revokes_another_users_token(self, world):
        record, _token = create_token(world.users["bureau_officer"], "mine", "read", 10)
        other = world.client("bureau_admin")
        assert other.get("/api/v1/tokens").json()["items"] == []
        assert other.delete(f"/api/v1/tokens/{record.pk}").status_code == 404


def test_session_writes_need_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["bureau_officer"])
    org = world.orgs["enterprise_b"]
    response = client.patch(f"/api/v1/organisations/{org.pk}", {"address": "x"}, content_type="application/json")
    assert response.status_code in (401, 403)
    client.get("/")  # sets the csrftoken cookie
    token = client.cookies["csrftoken"].value
    response = client.patch(f"/api/v1/organisations/{org.pk}", {"address": "x"}, content_type="application/json",
                            headers={"X-CSRFToken": token})  # fmt: skip
    assert response.status_code == 200


def test_consents_are_granted_by_the_enterprise_admin_and_open_the_bank_view(world):
    a = world.orgs["enterprise_b"]
    bank = world.orgs["bank_without_consent"]
    payload = {"enterprise_id": a.pk, "grantee_id": bank.pk, "purpose": "授信"}
    assert world.client("bureau_admin").post("/api/v1/consents", payload,
                                             content_type="application/json").status_code == 403  # fmt: skip
    response = world.client("enterprise_b").post("/api/v1/consents", payload, content_type="application/json")
    assert response.status_code == 201
    assert world.client("bank_without_consent").get(f"/api/v1/organisations/{a.pk}").status_code == 200
    world.client("enterprise_b").post(f"/api/v1/consents/{response.json()['id']}/revoke")
    assert world.client("bank_without_consent").get(f"/api/v1/organisations/{a.pk}").status_code == 404


def test_openapi_schema_is_generated(world):
    schema = Client().get("/api/v1/openapi.json").json()
    assert "/api/v1/organisations" in schema["paths"]


def test_the_organisation_history_comes_a_page_at_a_time_newest_first(world):
    org = world.orgs["enterprise_b"]
    client = world.client("bureau_officer")
    for phone in ("0755-1", "0755-2", "0755-3"):
        client.patch(f"/api/v1/organisations/{org.pk}", {"contact_phone": phone}, content_type="application/json")
    whole = client.get(f"/api/v1/organisations/{org.pk}/history").json()
    second = client.get(f"/api/v1/organisations/{org.pk}/history?limit=1&offset=1").json()
    assert whole["count"] == second["count"] == org.history.count() >= 4
    assert second["items"] == whole["items"][1:2]
    assert ["contact_phone", "0755-1", "0755-2"] in second["items"][0]["changes"]


def test_consents_updated_since_are_those_granted_or_revoked_since_then(world):
    from urllib.parse import quote

    from django.utils import timezone

    from tanxin.orgs import services
    from tanxin.orgs.models import ConsentGrant

    old = ConsentGrant.objects.filter(revoked_at__isnull=True).first()
    assert old is not None
    since = timezone.now()
    client = world.client("bureau_admin")
    assert client.get(f"/api/v1/consents?updated_since={quote(since.isoformat())}").json()["items"] == []
    services.revoke_consent(world.users["enterprise_a"], old.pk)
    page = client.get(f"/api/v1/consents?updated_since={quote(since.isoformat())}").json()
    assert [c["id"] for c in page["items"]] == [old.pk] and page["count"] == 1
