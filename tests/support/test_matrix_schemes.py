"""Support schemes as every persona: the lists and public reads, the designer's writes (schemes, criteria,
eligibility rules, versions, workflow moves) over the API and the pages. Bureau staff of the jurisdiction
design; only its admin opens a scheme; everybody else is refused and nothing changes."""

from __future__ import annotations

import json

import pytest

from tanxin.support.models import Criterion, EligibilityRule, Scheme
from tests.personas import OTHER_BUREAU, PERSONAS, add_other_district_bureau, check_matrix, check_write_matrix

from . import matrix_stages as st
from .matrix_stages import BUREAU, SIGNED_IN

pytestmark = pytest.mark.django_db
API = "/api/v1/support"
EVERYONE = set(PERSONAS)


def items(response) -> list:
    """A list endpoint's rows, whether it answers a bare list or a page ``{count, limit, offset, items}``."""
    body = response.json()
    return body["items"] if isinstance(body, dict) else body


def body_of(world, persona: str, url: str) -> str:
    response = world.client(persona).get(url)
    assert response.status_code == 200, (persona, url, response.status_code)
    if response["Content-Type"].startswith("application/json"):  # read names as written, not \\u-escaped
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


def _json(method: str, url_of, body=None):
    def send(client, target):
        return getattr(client, method)(url_of(target), data=json.dumps(body or {}), content_type="application/json")

    return send


def _form(url_of, data=None):
    return lambda client, target: client.post(url_of(target), data or {})


# --- reads ------------------------------------------------------------------------------------------------


def test_the_public_scheme_list_shows_published_schemes_to_everyone_and_never_a_draft(world):
    hidden = st.draft(world, title_zh="未公开草稿方案").scheme
    shown = st.opened(world).scheme
    check_matrix(world, f"{API}/public/schemes", EVERYONE, api=True, secret=hidden.code)
    for persona in ("anonymous", "enterprise_b", "bureau_admin"):
        codes = [s["code"] for s in items(world.client(persona).get(f"{API}/public/schemes"))]
        assert shown.code in codes and hidden.code not in codes, persona


def test_the_public_publicity_list_names_awardees_only_while_published(world):
    stage = st.publicity(world)
    name = world.orgs["enterprise_a"].name_zh
    url = f"{API}/public/schemes/{stage.scheme.pk}/publicity"
    check_matrix(world, url, EVERYONE, api=True)
    assert name in body_of(world, "anonymous", url) and name in body_of(world, "bank_without_consent", url)
    hidden = st.draft(world).scheme
    check_matrix(world, f"{API}/public/schemes/{hidden.pk}/publicity", set(), api=True)


def test_the_scheme_list_shows_drafts_only_to_the_jurisdictions_bureau(world):
    hidden = st.draft(world).scheme
    shown = st.opened(world).scheme
    check_matrix(world, f"{API}/schemes", SIGNED_IN, api=True)
    for persona in SIGNED_IN:
        codes = [s["code"] for s in items(world.client(persona).get(f"{API}/schemes"))]
        assert shown.code in codes, persona
        assert (hidden.code in codes) == (persona in BUREAU), persona
    add_other_district_bureau(world)
    codes = [s["code"] for s in items(world.client(OTHER_BUREAU).get(f"{API}/schemes"))]
    assert hidden.code not in codes and shown.code in codes


@pytest.mark.parametrize("part", ["criteria", "rules"])
def test_criteria_and_rules_of_a_draft_are_the_bureaus_and_of_an_open_scheme_everyones(world, part):
    hidden = st.draft(world).scheme
    shown = st.opened(world).scheme
    check_matrix(world, f"{API}/schemes/{hidden.pk}/{part}", BUREAU, api=True, secret="ENT-1" if part == "criteria"
                 else "registered_in_district")  # fmt: skip
    check_matrix(world, f"{API}/schemes/{shown.pk}/{part}", SIGNED_IN, api=True)
    expected = "MGT-4" if part == "criteria" else "registered_in_district"
    assert expected in body_of(world, "enterprise_b", f"{API}/schemes/{shown.pk}/{part}")
    assert expected in body_of(world, "bureau_officer", f"{API}/schemes/{hidden.pk}/{part}")
    add_other_district_bureau(world)
    assert world.client(OTHER_BUREAU).get(f"{API}/schemes/{hidden.pk}/{part}").status_code == 404


def test_the_support_home_sends_each_role_to_its_own_page(world):
    scheme = st.opened(world).scheme
    statuses = check_matrix(world, "/support/", SIGNED_IN, ok_status=(200, 302))
    for persona in ("bureau_admin", "bureau_officer", "enterprise_a", "enterprise_b", "enterprise_a_member"):
        assert statuses[persona] == 200 and scheme.title_zh in body_of(world, persona, "/support/"), persona
    assert f'action="/support/schemes/{scheme.pk}/apply/"' in body_of(world, "enterprise_b", "/support/")
    assert world.client("expert").get("/support/")["Location"] == "/support/expert/"
    for persona in ("bank_with_consent", "bank_without_consent", "verifier_assigned", "verifier_other"):
        assert world.client(persona).get("/support/")["Location"] == "/support/public/", persona


def test_the_criterion_edit_page_is_for_the_bureau_only(world):
    scheme = st.draft(world).scheme
    row = scheme.criteria.get(code="MGT-4")
    url = f"/support/schemes/{scheme.pk}/criteria/{row.pk}/"
    check_matrix(world, url, BUREAU, secret=scheme.code)
    assert "低碳供应链管理" in body_of(world, "bureau_officer", url)
    add_other_district_bureau(world)
    assert world.client(OTHER_BUREAU).get(url).status_code == 404


# --- writes over the API ------------------------------------------------------------------------------------


def test_only_the_bureau_creates_a_scheme(world):
    def send(client, code):
        body = {"code": code, "year": 2025, "title_zh": "接口方案", "budget_fen": 100_000_000,
                "window_opens": "2020-01-01T00:00:00+08:00", "window_closes": "2099-01-01T00:00:00+08:00"}  # fmt: skip
        return client.post(f"{API}/schemes", data=json.dumps(body), content_type="application/json")

    check_write_matrix(world, BUREAU, lambda: st.code("NEW"), send, lambda c: Scheme.objects.filter(code=c).count(), 1,
                       ok_status=(201,))  # fmt: skip


NEW_ITEM = {"code": "NEW-1", "category": "activities", "name_zh": "绿色出行", "max_points": "2", "method": "expert"}


def test_only_the_bureau_adds_edits_and_removes_criteria_of_a_draft(world):
    check_write_matrix(world, BUREAU, lambda: st.draft(world).scheme,
                       _json("post", lambda s: f"{API}/schemes/{s.pk}/criteria", NEW_ITEM),
                       lambda s: s.criteria.filter(code="NEW-1").count(), 1, ok_status=(201,))  # fmt: skip

    def a_criterion():
        return st.draft(world).scheme.criteria.get(code="ACT-2")

    renamed = {**NEW_ITEM, "code": "ACT-2", "name_zh": "改名后的宣传活动"}
    check_write_matrix(world, BUREAU, a_criterion,
                       _json("put", lambda c: f"{API}/schemes/{c.scheme_id}/criteria/{c.pk}", renamed),
                       lambda c: Criterion.objects.get(pk=c.pk).name_zh, "改名后的宣传活动")  # fmt: skip
    check_write_matrix(world, BUREAU, a_criterion,
                       _json("delete", lambda c: f"{API}/schemes/{c.scheme_id}/criteria/{c.pk}"),
                       lambda c: Criterion.objects.filter(pk=c.pk).exists(), False, ok_status=(204,))  # fmt: skip


def test_only_the_bureau_adds_and_removes_eligibility_rules_of_a_draft(world):
    rule = {"code": "key_emitter", "kind": "is_true", "fact": "key_emitter"}
    check_write_matrix(world, BUREAU, lambda: st.draft(world).scheme,
                       _json("post", lambda s: f"{API}/schemes/{s.pk}/rules", rule),
                       lambda s: s.eligibility_rules.filter(code="key_emitter").count(), 1,
                       ok_status=(201,))  # fmt: skip
    check_write_matrix(world, BUREAU, lambda: st.draft(world).scheme.eligibility_rules.get(code="active"),
                       _json("delete", lambda r: f"{API}/schemes/{r.scheme_id}/rules/{r.pk}"),
                       lambda r: EligibilityRule.objects.filter(pk=r.pk).exists(), False,
                       ok_status=(204,))  # fmt: skip


def _status(scheme) -> str:
    return Scheme.objects.get(pk=scheme.pk).status


def test_only_the_bureau_admin_opens_a_scheme_and_both_staff_start_the_review(world):
    check_write_matrix(world, {"bureau_admin"}, lambda: st.draft(world).scheme,
                       _json("post", lambda s: f"{API}/schemes/{s.pk}/transitions", {"target": "open"}),
                       _status, "open")  # fmt: skip
    check_write_matrix(world, BUREAU, lambda: st.checked(world).scheme,
                       _json("post", lambda s: f"{API}/schemes/{s.pk}/transitions", {"target": "reviewing"}),
                       _status, "reviewing")  # fmt: skip


def test_only_the_bureau_copies_a_scheme_into_a_new_version(world):
    check_write_matrix(world, BUREAU, lambda: st.opened(world).scheme,
                       _json("post", lambda s: f"{API}/schemes/{s.pk}/versions"),
                       lambda s: Scheme.objects.filter(code=s.code).count(), 2, ok_status=(201,))  # fmt: skip


def test_another_districts_bureau_cannot_design_or_move_a_nanshan_scheme(world):
    add_other_district_bureau(world)
    client = world.client(OTHER_BUREAU)
    scheme = st.draft(world).scheme
    before = (scheme.criteria.count(), scheme.status)
    r = client.post(f"{API}/schemes/{scheme.pk}/criteria", data=json.dumps(NEW_ITEM), content_type="application/json")
    assert r.status_code == 404
    r = client.post(f"{API}/schemes/{scheme.pk}/transitions", data=json.dumps({"target": "open"}),
                    content_type="application/json")  # fmt: skip
    assert r.status_code == 404
    assert client.post(f"/support/schemes/{scheme.pk}/move/", {"target": "open"}).status_code == 404
    scheme.refresh_from_db()
    assert (scheme.criteria.count(), scheme.status) == before


# --- writes from the pages ----------------------------------------------------------------------------------


def test_only_the_bureau_edits_and_removes_a_criterion_from_the_designer(world):
    def a_criterion():
        return st.draft(world).scheme.criteria.get(code="ACT-2")

    form = {"position": 12, "code": "ACT-2", "category": "activities", "name_zh": "页面改名", "name_en": "Renamed",
            "max_points": "5", "method": "expert", "auto_rule": "", "expert_min": "0"}  # fmt: skip
    check_write_matrix(world, BUREAU, a_criterion,
                       _form(lambda c: f"/support/schemes/{c.scheme_id}/criteria/{c.pk}/", form),
                       lambda c: Criterion.objects.get(pk=c.pk).name_zh, "页面改名", ok_status=(302,),
                       api=False)  # fmt: skip
    check_write_matrix(world, BUREAU, a_criterion,
                       _form(lambda c: f"/support/schemes/{c.scheme_id}/criteria/{c.pk}/delete/"),
                       lambda c: Criterion.objects.filter(pk=c.pk).exists(), False, ok_status=(302,),
                       api=False)  # fmt: skip


def test_only_the_bureau_removes_an_eligibility_rule_from_the_designer(world):
    check_write_matrix(world, BUREAU, lambda: st.draft(world).scheme.eligibility_rules.get(code="active"),
                       _form(lambda r: f"/support/schemes/{r.scheme_id}/rules/{r.pk}/delete/"),
                       lambda r: EligibilityRule.objects.filter(pk=r.pk).exists(), False, ok_status=(302,),
                       api=False)  # fmt: skip


def test_the_move_buttons_are_the_admins_to_open_and_both_staffs_to_review(world):
    check_write_matrix(world, {"bureau_admin"}, lambda: st.draft(world).scheme,
                       _form(lambda s: f"/support/schemes/{s.pk}/move/", {"target": "open"}), _status, "open",
                       ok_status=(302,), api=False)  # fmt: skip
    check_write_matrix(world, BUREAU, lambda: st.checked(world).scheme,
                       _form(lambda s: f"/support/schemes/{s.pk}/move/", {"target": "reviewing"}), _status,
                       "reviewing", ok_status=(302,), api=False)  # fmt: skip


def test_the_scheme_page_offers_each_staff_member_only_the_steps_their_role_may_take(world):
    scheme = st.draft(world).scheme
    url = f"/support/schemes/{scheme.pk}/"
    assert 'data-testid="move-open"' in body_of(world, "bureau_admin", url)
    assert 'data-testid="move-open"' not in body_of(world, "bureau_officer", url)
    closed = st.checked(world).scheme
    for persona in BUREAU:  # closed -> reviewing is both staff's step, and it works for both
        assert 'data-testid="move-reviewing"' in body_of(world, persona, f"/support/schemes/{closed.pk}/")
    opened = st.opened(world).scheme
    assert 'data-testid="move-closed"' not in body_of(world, "bureau_officer", f"/support/schemes/{opened.pk}/")
    r = world.client("bureau_officer").post(f"/support/schemes/{opened.pk}/move/", {"target": "closed"})
    assert r.status_code == 403 and _status(opened) == "open"  # the button is hidden because the step is refused
