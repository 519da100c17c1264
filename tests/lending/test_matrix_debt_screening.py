"""The screening desk's page buttons as every persona: the enterprise's administrator answers a bank's consent
request, the asking bank withdraws its own, bureau staff activate a scorecard draft. A refused press changes
nothing."""

from __future__ import annotations

from itertools import count

import pytest
from django.utils import timezone

from tanxin.lending.models import ConsentRequest, ScorecardVersion
from tanxin.lending.services import screening
from tanxin.lending.services import screening_contacts as contacts
from tanxin.orgs.models import ConsentGrant
from tests.personas import check_write_matrix

pytestmark = pytest.mark.django_db
_n = count()


def _pending_request(world) -> ConsentRequest:
    """A fresh pending request from the bank without consent to enterprise A (the last one, and any consent an
    earlier answer granted, are cleared first: one pending request and one consent per pair)."""
    a, bank = world.orgs["enterprise_a"], world.orgs["bank_without_consent"]
    ConsentRequest.objects.filter(enterprise=a, bank=bank, status="pending").update(status="withdrawn")
    ConsentGrant.objects.filter(enterprise=a, grantee=bank, revoked_at__isnull=True).update(revoked_at=timezone.now())
    return contacts.request_consent(world.users["bank_without_consent"], a.uscc, f"授信调查 {next(_n)}")


def _state(row: ConsentRequest) -> tuple[str, bool]:
    row.refresh_from_db()
    return row.status, row.consent_id is not None


def test_only_the_enterprises_administrator_answers_a_consent_request(world):
    check_write_matrix(world, ["enterprise_a"], lambda: _pending_request(world),
                       lambda client, r: client.post(f"/lending/screening/consents/{r.pk}/answer/",
                                                     {"decision": "accept"}),
                       _state, ("accepted", True), ok_status=(302,), api=False)  # fmt: skip
    granted = ConsentRequest.objects.filter(status="accepted").get().consent
    assert (granted.enterprise_id, granted.grantee_id) == (world.orgs["enterprise_a"].pk,
                                                           world.orgs["bank_without_consent"].pk)


def test_only_the_asking_bank_withdraws_its_request(world):
    check_write_matrix(world, ["bank_without_consent"], lambda: _pending_request(world),
                       lambda client, r: client.post(f"/lending/screening/consents/{r.pk}/withdraw/"),
                       _state, ("withdrawn", False), ok_status=(302,), api=False)  # fmt: skip


def _draft(world) -> ScorecardVersion:
    nanshan = world.jurisdictions["440305"]
    return screening.create_version(world.users["bureau_admin"], nanshan.pk, screening.default_config(),
                                    note=f"draft {next(_n)}")  # fmt: skip


def _status(version: ScorecardVersion) -> str:
    version.refresh_from_db()
    return version.status


def test_only_bureau_staff_activate_a_scorecard_draft(world):
    check_write_matrix(world, ["bureau_admin", "bureau_officer"], lambda: _draft(world),
                       lambda client, v: client.post(f"/lending/screening/scorecards/{v.pk}/activate/"),
                       _status, "active", ok_status=(302,), api=False)  # fmt: skip
    assert ScorecardVersion.objects.filter(status="active").count() == 1


def test_the_answer_and_withdraw_buttons_are_offered_only_to_those_who_may_press_them(world):
    row = _pending_request(world)
    base = f"/lending/screening/consents/{row.pk}"
    answer, withdraw = f"{base}/answer/", f"{base}/withdraw/"
    pages = {p: world.client(p).get("/lending/screening/consents/").content.decode()
             for p in ("enterprise_a", "enterprise_a_member", "bank_without_consent", "bureau_admin")}  # fmt: skip
    assert [p for p, html in pages.items() if answer in html] == ["enterprise_a"]
    assert [p for p, html in pages.items() if withdraw in html] == ["bank_without_consent"]
