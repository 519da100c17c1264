"""The one notification service: inbox rows per person in both languages, keyed once, e-mailed after commit."""

import pytest
from django.core import mail

from tanxin.orgs import notifications
from tanxin.orgs.models import Notification
from tests.personas import build_world, check_matrix

pytestmark = pytest.mark.django_db(transaction=True)

SUBJECT = "Margin call on loan %(ref)s"


@pytest.fixture
def world():
    w = build_world()
    for persona in ("enterprise_a", "bank_with_consent"):
        w.users[persona].email = f"{persona}@example.invalid"
        w.users[persona].save()
    return w


def raise_notice(world, key="k1"):
    org_ids = [world.orgs["enterprise_a"].pk, world.orgs["bank_with_consent"].pk]
    return notifications.notify(kind="lending.margin_call", subject=SUBJECT, body="Coverage %(r)s",
                                params={"ref": "L-1", "r": "1.40"}, key=key, link="/lending/",
                                org_ids=org_ids)  # fmt: skip


def test_a_notice_reaches_every_member_of_each_organisation_once_per_key(world):
    created = raise_notice(world)
    users = {n.user.username for n in created}
    assert users == {"enterprise_a", "enterprise_a_member", "bank_with_consent"}
    assert raise_notice(world) == []  # the same event raised again is the same notice
    assert Notification.objects.count() == 3
    assert len(raise_notice(world, key="k2")) == 3


def test_a_notice_is_stored_in_both_languages_and_mailed_to_people_with_an_address(world):
    raise_notice(world)
    row = Notification.objects.filter(user=world.users["enterprise_a"]).get()
    assert row.subject_en == "Margin call on loan L-1"
    assert row.subject_zh and row.body_en == "Coverage 1.40"
    assert sorted(m.to[0] for m in mail.outbox) == ["bank_with_consent@example.invalid", "enterprise_a@example.invalid"]
    row.refresh_from_db()
    assert row.emailed_at is not None


def test_bureaus_over_finds_the_supervising_bureau(world):
    assert notifications.bureaus_over(world.orgs["enterprise_a"].jurisdiction_id) == [world.orgs["bureau"].pk]
    assert notifications.bureaus_over(world.orgs["enterprise_futian"].jurisdiction_id) == []


def test_the_inbox_page_and_api_show_only_ones_own_notices(world):
    raise_notice(world)
    secret_other = Notification.objects.filter(user=world.users["bank_with_consent"]).get()
    mine = ("enterprise_a", "bank_with_consent")
    check_matrix(world, "/directory/inbox/", [p for p in ("bureau_admin", "bureau_officer", "enterprise_a",
                 "enterprise_b", "bank_with_consent", "bank_without_consent", "verifier_assigned", "verifier_other",
                 "expert")])  # fmt: skip
    check_matrix(world, "/api/v1/notifications", [p for p in mine] + ["bureau_admin", "bureau_officer", "enterprise_b",
                 "bank_without_consent", "verifier_assigned", "verifier_other", "expert"], api=True)  # fmt: skip
    page = world.client("enterprise_a").get("/api/v1/notifications").json()
    assert page["count"] == 1 and page["unread"] == 1 and page["items"][0]["subject"]
    assert "L-1" not in world.client("enterprise_b").get("/directory/inbox/").content.decode()
    # reading somebody else's notice is "not found", and leaves it unread
    check_matrix(world, f"/api/v1/notifications/{secret_other.pk}/read", ["bank_with_consent"], method="post",
                 api=True)  # fmt: skip
    secret_other.refresh_from_db()
    assert secret_other.read_at is not None


def test_marking_read_from_the_page_clears_the_unread_count(world):
    raise_notice(world)
    client = world.client("enterprise_a")
    assert client.post("/directory/inbox/read/").status_code == 302
    assert notifications.unread_count(world.users["enterprise_a"]) == 0
    assert notifications.unread_count(world.users["bank_with_consent"]) == 1
