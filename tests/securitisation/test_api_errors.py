"""Bad input through the API: a 4xx with a stable code and a message in the user's language; nothing lost."""

import pytest

from tanxin.securitisation.models import Deal, Run
from tests.securitisation import support

pytestmark = pytest.mark.django_db


@pytest.fixture
def dw():
    return support.build(runs=False)


def post(client, url, data, method="post"):
    return getattr(client, method)(url, data=data, content_type="application/json",
                                   headers={"Accept-Language": "zh-hans"})


def test_a_step_naming_an_unknown_account_is_a_400_in_chinese_and_the_structure_is_kept(dw):
    c = dw.client("guarantor")
    data = dict(dw.deal.structure)
    data["waterfalls"] = {"normal": {"interest": [{"pay": "residual", "tranches": ["S"], "from": "cash"}]}}
    r = post(c, f"/api/v1/securitisation/deals/{dw.deal.pk}/structure", {"structure": data}, "put")
    assert r.status_code == 400
    body = r.json()
    assert body["code"] == "unknown_account" and "不存在的账户" in body["message"] and "cash" in body["message"]
    assert Deal.objects.get(pk=dw.deal.pk).structure == dw.deal.structure


def test_a_trigger_that_cannot_be_evaluated_is_refused(dw):
    data = dict(dw.deal.structure)
    data["triggers"] = [{"name": "t", "formula": "oc <<< 1", "switch_to": "sequential"}]
    r = post(dw.client("guarantor"), f"/api/v1/securitisation/deals/{dw.deal.pk}/structure", {"structure": data}, "put")
    assert r.status_code == 400 and r.json()["code"] == "bad_trigger" and "触发条件" in r.json()["message"]


def test_a_billion_paths_is_a_clear_400_and_the_failed_run_keeps_only_its_error(dw):
    r = post(dw.client("guarantor"), f"/api/v1/securitisation/deals/{dw.deal.pk}/runs/stress", {"paths": 10**9})
    assert r.status_code == 400 and r.json()["code"] == "too_many_paths" and "100000" in r.json()["message"]
    run = Run.objects.get(deal=dw.deal)
    assert not run.ok and run.results == {} and "路径数过多" in run.error


def test_a_negative_default_rate_is_a_field_error(dw):
    r = post(dw.client("guarantor"), f"/api/v1/securitisation/deals/{dw.deal.pk}/runs/base", {"cdr": "-0.1"})
    assert r.status_code == 400 and r.json()["code"] == "negative_rate"
    r = post(dw.client("guarantor"), f"/api/v1/securitisation/deals/{dw.deal.pk}/runs/base", {"cdr": "abc"})
    assert r.status_code == 400 and "cdr" in r.json()["details"]


def test_an_unknown_loan_in_the_pool_is_refused_with_its_reason(dw):
    r = post(dw.client("guarantor"), f"/api/v1/securitisation/deals/{dw.deal.pk}/pool", {"loan_ids": [dw.loan_id, 999]},
             "put")  # fmt: skip
    assert r.status_code == 400 and r.json()["details"]["loans"] == {"999": ["unknown"]}


def test_a_run_without_a_structure_is_refused(dw):
    c = dw.client("guarantor")
    Deal.objects.filter(pk=dw.deal.pk).update(structure={})
    r = post(c, f"/api/v1/securitisation/deals/{dw.deal.pk}/runs/base", {})
    assert r.status_code == 400 and r.json()["code"] == "no_structure"
