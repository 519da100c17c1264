"""Directory pages: forms with field errors in both languages, field rights, history, invitations, lockout."""

import re

import pytest
from django.core import mail
from django.test import Client

from tanxin.orgs.models import Membership, Organisation, User
from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db


def _form_data(org: Organisation, **overrides) -> dict:
    data = {
        "kind": org.kind, "uscc": org.uscc, "name_zh": org.name_zh, "name_en": org.name_en,
        "jurisdiction": org.jurisdiction_id, "industry": org.industry_id or "", "enterprise_type": org.enterprise_type,
        "size": org.size, "address": org.address, "contact_name": "", "contact_phone": "", "contact_email": "",
        "key_emitter": "on" if org.key_emitter else "", "ets": org.ets, "status": org.status,
    }  # fmt: skip
    data.update(overrides)
    return {k: v for k, v in data.items() if v != ""}


def test_a_bad_credit_code_is_a_field_error_in_chinese(world):
    org = world.orgs["enterprise_a"]
    response = world.client("bureau_officer").post(
        f"/directory/{org.pk}/edit/", _form_data(org, uscc="91350100M000100Y44")
    )
    assert response.status_code == 200
    assert "校验码（第 18 位）与代码不符" in response.content.decode()
    org.refresh_from_db()
    assert org.uscc != "91350100M000100Y44"


def test_the_same_field_error_in_english(world):
    org = world.orgs["enterprise_a"]
    client = world.client("bureau_officer")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.post(f"/directory/{org.pk}/edit/", _form_data(org, uscc="91350100M000100Y44"))
    assert "The check character (the 18th) is wrong for this code." in response.content.decode()


def test_bureau_edits_are_recorded_with_who_and_what(world):
    org = world.orgs["enterprise_b"]
    client = world.client("bureau_officer")
    response = client.post(f"/directory/{org.pk}/edit/", _form_data(org, key_emitter="on", ets="shenzhen"))
    assert response.status_code == 302
    page = client.get(f"/directory/{org.pk}/history/").content.decode()
    assert "bureau_officer" in page and "key_emitter" in page


def test_an_enterprise_admin_sees_only_the_fields_it_may_change(world):
    org = world.orgs["enterprise_a"]
    client = world.client("enterprise_a")
    page = client.get(f"/directory/{org.pk}/edit/").content.decode()
    assert 'name="address"' in page and 'name="uscc"' not in page and 'name="key_emitter"' not in page
    client.post(f"/directory/{org.pk}/edit/", {"address": "新地址", "key_emitter": "", "ets": "none"})
    org.refresh_from_db()
    assert org.address == "新地址" and org.key_emitter and org.ets == "shenzhen"


def test_bureau_creates_an_organisation_and_duplicates_are_field_errors(world):
    client = world.client("bureau_officer")
    existing = world.orgs["enterprise_a"]
    response = client.post("/directory/new/", _form_data(existing, name_zh="重复"))
    assert response.status_code == 200 and "统一社会信用代码" in response.content.decode()
    assert Organisation.objects.filter(name_zh="重复").count() == 0


def test_an_admin_invites_a_colleague_who_joins_with_the_link(world, django_capture_on_commit_callbacks):
    org = world.orgs["enterprise_a"]
    client = world.client("enterprise_a")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/directory/{org.pk}/invite/", {"email": "new@example.cn", "role": "member"}, follow=True
        )
    assert response.status_code == 200
    assert len(mail.outbox) == 1 and "new@example.cn" in mail.outbox[0].to
    link = re.search(r"/directory/invitations/([\w-]+)/", mail.outbox[0].body).group(0)
    response = Client().post(link, {"username": "newbie", "display_name": "新人", "password": "short"})
    assert response.status_code == 200  # field error: password too short
    assert not User.objects.filter(username="newbie").exists()
    response = Client().post(link, {"username": "newbie", "display_name": "新人", "password": "Green-Carbon-2026!"})
    assert response.status_code == 302
    assert Membership.objects.get(user__username="newbie").organisation == org
    assert Client().get(link).status_code == 404  # used once


def test_a_member_cannot_invite_and_roles_must_fit_the_organisation(world, django_capture_on_commit_callbacks):
    org = world.orgs["enterprise_a"]
    member = Client()
    member.force_login(world.users["enterprise_a_member"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        member.post(f"/directory/{org.pk}/invite/", {"email": "x@example.cn", "role": "member"})
        world.client("enterprise_a").post(f"/directory/{org.pk}/invite/", {"email": "x@example.cn", "role": "expert"})
    assert callbacks == [] and len(mail.outbox) == 0
    assert not org.invitations.exists()


def test_an_admin_changes_a_colleagues_role_but_not_their_own(world):
    own = Membership.objects.get(user=world.users["enterprise_a"])
    colleague = Membership.objects.get(user=world.users["enterprise_a_member"])
    client = world.client("enterprise_a")
    client.post(f"/directory/members/{colleague.pk}/role/", {"role": "admin"})
    client.post(f"/directory/members/{own.pk}/role/", {"role": "member"})
    colleague.refresh_from_db()
    own.refresh_from_db()
    assert colleague.role == "admin" and own.role == "admin"
    world.client("enterprise_b").post(f"/directory/members/{colleague.pk}/role/", {"role": "member"})
    colleague.refresh_from_db()
    assert colleague.role == "admin"


def test_five_failed_sign_ins_lock_the_account(world):
    client = Client()
    for _ in range(5):
        client.post("/accounts/login/", {"username": "bureau_admin", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "bureau_admin", "password": PASSWORD})
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()


def test_a_correct_sign_in_works_and_lands_on_the_role_home(world):
    client = Client()
    response = client.post("/accounts/login/", {"username": "bank_with_consent", "password": PASSWORD}, follow=True)
    assert "金融机构工作台" in response.content.decode()
    assert "甲企业（机密名称A）" in response.content.decode()  # the consenting enterprise is listed


def test_sessions_expire_and_passwords_use_argon2_in_production():
    from tanxin.config import settings as base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert base.SESSION_EXPIRE_AT_BROWSER_CLOSE and base.SESSION_COOKIE_AGE <= 8 * 3600


def test_pages_send_a_content_security_policy(world):
    response = world.client("bureau_officer").get("/")
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_pages_are_chinese_for_an_english_browser_until_english_is_chosen(world):
    client = world.client("bureau_officer")
    page = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"}).content.decode()
    assert "管理局工作台" in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Bureau workspace" in client.get("/").content.decode()


def test_api_clients_may_ask_for_english_with_accept_language(world):
    response = world.client("bureau_officer").get("/api/v1/organisations/999999", headers={"Accept-Language": "en"})
    assert response.json()["message"] == "Organisation not found."
