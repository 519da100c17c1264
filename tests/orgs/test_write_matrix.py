"""The directory's remaining reads and writes as every persona: consents, tokens, members, invitations, the
caller's own organisation, the reference lists and an organisation's history. A refused write changes nothing."""

from __future__ import annotations

from itertools import count

import pytest
from django.utils import timezone

from tanxin.orgs.models import ApiToken, ConsentGrant, Invitation, Membership
from tanxin.orgs.services import create_token, invite_member
from tests.personas import PERSONAS, check_matrix, check_write_matrix

pytestmark = pytest.mark.django_db
SIGNED_IN = [p for p in PERSONAS if p != "anonymous"]
SEATED = [p for p in SIGNED_IN if p != "superuser"]
_n = count()


def test_reference_lists_and_the_callers_own_records_are_for_everyone_signed_in(world):
    for url in ("/api/v1/me", "/api/v1/industries", "/api/v1/jurisdictions", "/api/v1/tokens", "/api/v1/consents"):
        check_matrix(world, url, SIGNED_IN, api=True)


def test_my_organisation_page_is_for_people_with_a_seat(world):
    check_matrix(world, "/directory/mine/", SEATED, ok_status=(302,), refused=["superuser"])


def test_an_organisations_history_is_for_the_bureau_and_its_own_people(world):
    org = world.orgs["enterprise_a"]
    check_matrix(world, f"/api/v1/organisations/{org.pk}/history", ["bureau_admin", "bureau_officer", "enterprise_a",
                 "enterprise_a_member", "bank_with_consent", "superuser"], api=True)  # fmt: skip


def test_only_the_enterprises_administrator_grants_consent(world):
    a, bank = world.orgs["enterprise_a"], world.orgs["bank_without_consent"]

    def send(client, purpose):
        return client.post("/api/v1/consents", {"enterprise_id": a.pk, "grantee_id": bank.pk, "purpose": purpose},
                           content_type="application/json")  # fmt: skip

    check_write_matrix(world, ["enterprise_a"], lambda: f"credit review {next(_n)}", send,
                       lambda purpose: ConsentGrant.objects.filter(purpose=purpose).count(), 1,
                       ok_status=(200, 201))  # fmt: skip


def _consent(world):
    o = world.orgs
    return ConsentGrant.objects.create(enterprise=o["enterprise_a"], grantee=o["bank_without_consent"],
                                       purpose=f"review {next(_n)}", granted_by=world.users["enterprise_a"])


def _revoked(consent):
    consent.refresh_from_db()
    return consent.revoked_at is not None


def test_only_the_enterprises_administrator_revokes_consent_in_the_api_and_on_the_page(world):
    check_write_matrix(world, ["enterprise_a"], lambda: _consent(world),
                       lambda client, c: client.post(f"/api/v1/consents/{c.pk}/revoke"), _revoked, True)  # fmt: skip
    check_write_matrix(world, ["enterprise_a"], lambda: _consent(world),
                       lambda client, c: client.post(f"/directory/consents/{c.pk}/revoke/"), _revoked, True,
                       ok_status=(302,), api=False)  # fmt: skip


def test_everybody_with_a_seat_mints_a_token_for_themselves(world):
    check_matrix(world, "/api/v1/tokens", SEATED, method="post", api=True, ok_status=(201,),
                 data={"name": "sync", "scope": "read", "days": 30})  # fmt: skip
    assert set(SEATED) <= set(ApiToken.objects.values_list("user__username", flat=True))


def _token(world):
    return create_token(world.users["bureau_officer"], f"etl {next(_n)}", "read", 10)[0]


def _token_revoked(token):
    token.refresh_from_db()
    return token.revoked_at is not None


def test_only_the_owner_revokes_a_token_in_the_api_and_on_the_page(world):
    check_write_matrix(world, ["bureau_officer"], lambda: _token(world),
                       lambda client, t: client.delete(f"/api/v1/tokens/{t.pk}"), _token_revoked, True)  # fmt: skip
    check_write_matrix(world, ["bureau_officer"], lambda: _token(world),
                       lambda client, t: client.post(f"/directory/tokens/{t.pk}/revoke/"), _token_revoked, True,
                       ok_status=(302,), api=False)  # fmt: skip


def test_an_organisations_administrator_or_its_bureau_invites_a_member(world):
    a = world.orgs["enterprise_a"]

    def send(client, email):
        return client.post(f"/directory/{a.pk}/invite/", {"email": email, "role": "member"})

    managers = ["enterprise_a", "bureau_admin", "bureau_officer"]
    check_write_matrix(world, managers, lambda: f"new{next(_n)}@example.cn", send,
                       lambda email: Invitation.objects.filter(email=email).count(), 1, ok_status=(302,),
                       api=False)  # fmt: skip


def test_an_organisations_administrator_sets_a_members_role(world):
    def prepare():
        membership = Membership.objects.get(user=world.users["enterprise_a_member"])
        Membership.objects.filter(pk=membership.pk).update(role="member")
        return membership

    def role(membership):
        membership.refresh_from_db()
        return membership.role

    check_write_matrix(world, ["enterprise_a", "bureau_admin", "bureau_officer"], prepare,
                       lambda client, m: client.post(f"/directory/members/{m.pk}/role/", {"role": "admin"}), role,
                       "admin", ok_status=(302,), api=False)  # fmt: skip


def test_an_invitation_link_is_open_to_whoever_holds_it_and_unknown_links_are_404(world):
    _invitation, token = invite_member(world.users["enterprise_a"], world.orgs["enterprise_a"].pk,
                                       f"joiner{timezone.now().timestamp()}@example.cn", "member")  # fmt: skip
    check_matrix(world, f"/directory/invitations/{token}/", PERSONAS)
    check_matrix(world, "/directory/invitations/not-a-token/", [], refused=list(PERSONAS))
