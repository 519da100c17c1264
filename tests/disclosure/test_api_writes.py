"""Every disclosure write and workflow step over the API, as every persona: the allowed persona gets the
exact status and the report moves; every refused persona gets 403/404 and the report stays as it was."""

from __future__ import annotations

import itertools

import pytest

from tanxin.disclosure.models import ReportVersion
from tests.disclosure.support import PDF, drive
from tests.personas import check_write_matrix

pytestmark = pytest.mark.django_db
API = "/api/v1/disclosure"
BUREAU = {"bureau_admin", "bureau_officer"}
ENTERPRISE_A = {"enterprise_a", "enterprise_a_member"}  # its admin and its members act for it


def _maker(world, state: str):
    years = itertools.count(2001)  # one report per target: a fresh year each time
    return lambda: drive(world, state, year=next(years)).pk


def _state(pk: int) -> str:
    return ReportVersion.objects.get(pk=pk).state


def _post(path: str, body: dict | None = None):
    return lambda client, pk: client.post(f"{API}/versions/{pk}/{path}", body or {}, content_type="application/json")


STEPS = [
    # (from state, path, body, allowed personas, state after)
    ("draft", "actions/submit", None, ENTERPRISE_A, "submitted"),
    ("submitted", "actions/accept", None, BUREAU, "accepted"),
    ("submitted", "actions/return", {"reason": "请补充边界说明"}, BUREAU, "returned"),
    ("returned", "actions/revise", None, ENTERPRISE_A, "draft"),
    ("in_verification", "actions/return", {"reason": "抽样发现差异"}, BUREAU | {"verifier_assigned"}, "returned"),
    ("verified", "actions/publish", None, BUREAU, "published"),
]


@pytest.mark.parametrize(("state", "path", "body", "allowed", "after"), STEPS, ids=[f"{s[0]}-{s[1]}" for s in STEPS])
def test_each_workflow_step_is_taken_only_by_its_personas(world, state, path, body, allowed, after):
    check_write_matrix(world, allowed, _maker(world, state), _post(path, body), _state, after)


def test_only_the_bureau_assigns_the_verifier(world):
    verifier = world.orgs["verifier_assigned"].pk
    check_write_matrix(world, BUREAU, _maker(world, "accepted"), _post("assign", {"verifier_id": verifier}),
                       _state, "in_verification")  # fmt: skip


def test_only_the_assigned_verifier_verifies_a_report_with_its_statement(world):
    def prepare():
        pk = make()
        upload = world.client("verifier_assigned").post(f"{API}/versions/{pk}/statement",
                                                        {"file": _pdf()})  # fmt: skip
        assert upload.status_code == 201
        return pk

    make = _maker(world, "in_verification")
    verify = _post("verify", {"verified_kg": 1_230_000, "opinion": "无保留意见"})
    check_write_matrix(world, {"verifier_assigned"}, prepare, verify, _state, "verified")


def test_only_the_enterprise_edits_its_draft(world):
    def boundary(pk):
        return ReportVersion.objects.get(pk=pk).boundary

    def send(client, pk):
        return client.patch(f"{API}/versions/{pk}", {"boundary": "法人边界"}, content_type="application/json")

    check_write_matrix(world, ENTERPRISE_A, _maker(world, "draft"), send, boundary,
                       "法人边界")  # fmt: skip


def _pdf():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("statement.pdf", PDF, content_type="application/pdf")
