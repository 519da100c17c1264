"""Results, publicity, objections and payments as every persona: the bureau of the jurisdiction adjusts scores
and awards, starts publicity, answers objections and records payments; any signed-in user may object during
publicity and reads only their own objections; everybody else is refused and nothing changes."""

from __future__ import annotations

import itertools
import json

import pytest
from django.utils import timezone

from tanxin.support.models import Award, Disbursement, Objection, Scheme, ScoreAdjustment
from tests.personas import OTHER_BUREAU, add_other_district_bureau, check_matrix, check_write_matrix

from . import matrix_stages as st
from .matrix_stages import BUREAU, SIGNED_IN

pytestmark = pytest.mark.django_db
API = "/api/v1/support"
REFERENCES = itertools.count(1)


def items(response) -> list:
    """A list endpoint's rows, whether it answers a bare list or a page ``{count, limit, offset, items}``."""
    body = response.json()
    return body["items"] if isinstance(body, dict) else body


def _json(url_of, body=None):
    def send(client, target):
        return client.post(url_of(target), data=json.dumps(body or {}), content_type="application/json")

    return send


def _form(url_of, data=None):
    return lambda client, target: client.post(url_of(target), data or {})


def _award(stage) -> int:
    return Award.objects.get(application=stage.app).amount_fen


def _adjustments(stage) -> int:
    return ScoreAdjustment.objects.filter(application=stage.app).count()


def _payments(stage) -> int:
    return Disbursement.objects.filter(application=stage.app).count()


def _status(stage) -> str:
    return Scheme.objects.get(pk=stage.scheme.pk).status


def _answer(objection) -> str:
    return Objection.objects.get(pk=objection.pk).answer


# --- reads ------------------------------------------------------------------------------------------------


def test_objections_are_read_by_the_bureau_and_by_whoever_filed_them(world):
    stage, row = st.objected(world, by="enterprise_b")
    url = f"{API}/schemes/{stage.scheme.pk}/objections"
    check_matrix(world, url, SIGNED_IN, api=True)
    for persona in SIGNED_IN:
        ids = [o["id"] for o in items(world.client(persona).get(url))]
        assert ids == ([row.pk] if persona in BUREAU | {"enterprise_b"} else []), persona
    add_other_district_bureau(world)
    assert items(world.client(OTHER_BUREAU).get(url)) == []
    hidden = st.draft(world).scheme
    check_matrix(world, f"{API}/schemes/{hidden.pk}/objections", BUREAU, api=True)


def test_the_results_pdf_is_the_bureaus(world):
    stage = st.result_draft(world)
    url = f"/support/schemes/{stage.scheme.pk}/results.pdf"
    check_matrix(world, url, BUREAU)
    response = world.client("bureau_officer").get(url)
    assert response.content[:5] == b"%PDF-" and response["Content-Type"] == "application/pdf"
    add_other_district_bureau(world)
    assert world.client(OTHER_BUREAU).get(url).status_code == 404


# --- writes over the API ------------------------------------------------------------------------------------


def test_only_the_bureau_adjusts_a_score_with_a_reason(world):
    body = {"item_code": "MGT-1", "new_points": "5", "reason": "强度数据复核"}
    check_write_matrix(world, BUREAU, lambda: st.result_draft(world),
                       _json(lambda s: f"{API}/applications/{s.app.pk}/adjustments", body), _adjustments, 1,
                       ok_status=(201,))  # fmt: skip


def test_only_the_bureau_changes_a_draft_award(world):
    body = {"amount_fen": 40_000_000, "reason": "预算统筹"}
    check_write_matrix(world, BUREAU, lambda: st.result_draft(world),
                       _json(lambda s: f"{API}/applications/{s.app.pk}/award", body), _award, 40_000_000)  # fmt: skip


def test_only_the_bureau_records_a_payment_of_a_final_award(world):
    def send(client, stage):
        body = {"amount_fen": 10_000_000, "paid_on": "2026-12-01", "reference": f"PAY-{next(REFERENCES)}"}
        return client.post(f"{API}/applications/{stage.app.pk}/disbursements", data=json.dumps(body),
                           content_type="application/json")  # fmt: skip

    check_write_matrix(world, BUREAU, lambda: st.final(world), send, _payments, 1, ok_status=(201,))


def test_any_signed_in_user_objects_during_publicity(world):
    check_write_matrix(world, SIGNED_IN, lambda: st.publicity(world),
                       _json(lambda s: f"{API}/schemes/{s.scheme.pk}/objections", {"text": "评分依据不清"}),
                       lambda s: s.scheme.objections.count(), 1, ok_status=(201,))  # fmt: skip


def test_only_the_bureau_answers_an_objection(world):
    check_write_matrix(world, BUREAU, lambda: st.objected(world)[1],
                       _json(lambda o: f"{API}/objections/{o.pk}/answer", {"answer": "已复核，维持原结果"}), _answer,
                       "已复核，维持原结果")  # fmt: skip


def test_only_the_bureau_admin_approves_and_makes_a_result_final(world):
    check_write_matrix(world, {"bureau_admin"}, lambda: st.result_draft(world),
                       _json(lambda s: f"{API}/schemes/{s.scheme.pk}/transitions", {"target": "approved"}), _status,
                       "approved")  # fmt: skip


def test_another_districts_bureau_touches_no_nanshan_award_or_objection(world):
    add_other_district_bureau(world)
    client = world.client(OTHER_BUREAU)
    _stage, row = st.objected(world)
    r = client.post(f"{API}/objections/{row.pk}/answer", data=json.dumps({"answer": "越权答复"}),
                    content_type="application/json")  # fmt: skip
    assert r.status_code == 404 and _answer(row) == ""
    assert client.post(f"/support/objections/{row.pk}/answer/", {"answer": "越权答复"}).status_code in (403, 404)
    assert _answer(row) == ""
    drafted = st.result_draft(world)
    before = _award(drafted)
    r = client.post(f"{API}/applications/{drafted.app.pk}/award", data=json.dumps({"amount_fen": 1, "reason": "x"}),
                    content_type="application/json")  # fmt: skip
    assert r.status_code == 404 and _award(drafted) == before


# --- writes from the pages ----------------------------------------------------------------------------------


def test_only_the_bureau_starts_publicity_from_the_results_page(world):
    start = timezone.localdate().isoformat()
    check_write_matrix(world, BUREAU, lambda: st.approved(world),
                       _form(lambda s: f"/support/schemes/{s.scheme.pk}/publicity/", {"start": start}), _status,
                       "publicity", ok_status=(302,), api=False)  # fmt: skip


def test_only_the_bureau_answers_an_objection_from_the_results_page(world):
    check_write_matrix(world, BUREAU, lambda: st.objected(world)[1],
                       _form(lambda o: f"/support/objections/{o.pk}/answer/", {"answer": "页面答复"}), _answer,
                       "页面答复", ok_status=(302,), api=False)  # fmt: skip


def test_only_the_bureau_adjusts_scores_and_awards_and_records_payments_from_the_application_page(world):
    url = "/support/applications/{}/{}/"
    check_write_matrix(world, BUREAU, lambda: st.result_draft(world),
                       _form(lambda s: url.format(s.app.pk, "adjust"), {"item_code": "MGT-1", "new_points": "5",
                             "reason": "强度数据复核"}), _adjustments, 1, ok_status=(302,), api=False)  # fmt: skip
    check_write_matrix(world, BUREAU, lambda: st.result_draft(world),
                       _form(lambda s: url.format(s.app.pk, "award"), {"amount_yuan": "400000", "reason": "预算统筹"}),
                       _award, 40_000_000, ok_status=(302,), api=False)  # fmt: skip

    def pay(client, stage):
        data = {"amount_yuan": "100000", "paid_on": "2026-12-01", "reference": f"PAY-{next(REFERENCES)}"}
        return client.post(url.format(stage.app.pk, "disburse"), data)

    check_write_matrix(world, BUREAU, lambda: st.final(world), pay, _payments, 1, ok_status=(302,), api=False)


def test_the_results_page_offers_approval_and_finality_to_the_admin_only(world):
    stage = st.result_draft(world)
    url = f"/support/schemes/{stage.scheme.pk}/results/"
    assert 'data-testid="approve"' in world.client("bureau_admin").get(url).content.decode()
    assert 'data-testid="approve"' not in world.client("bureau_officer").get(url).content.decode()
    r = world.client("bureau_officer").post(f"/support/schemes/{stage.scheme.pk}/move/", {"target": "approved"})
    assert r.status_code == 403 and _status(stage) == "result_draft"
    approved = st.approved(world)
    for persona in BUREAU:  # starting publicity is both staff's step
        body = world.client(persona).get(f"/support/schemes/{approved.scheme.pk}/results/").content.decode()
        assert f"/support/schemes/{approved.scheme.pk}/publicity/" in body, persona
