"""Marking notices read, as every persona: one's own notice only (somebody else's is "not found" and stays
unread), and "mark all read" touches nobody else's inbox."""

from __future__ import annotations

from itertools import count

import pytest

from tanxin.orgs import notifications
from tanxin.orgs.models import Notification
from tests.personas import PERSONAS, check_matrix, check_write_matrix

pytestmark = pytest.mark.django_db
SIGNED_IN = [p for p in PERSONAS if p != "anonymous"]
_n = count()


def _notice_for(world, persona: str) -> Notification:
    (row,) = notifications.notify(kind="orgs.test", subject="Notice %(n)s for you", params={"n": next(_n)},
                                  key=f"matrix-{next(_n)}", link="/directory/inbox/",
                                  user_ids=[world.users[persona].pk], email=False)  # fmt: skip
    return row


def _read(notice: Notification) -> bool:
    notice.refresh_from_db()
    return notice.read_at is not None


def test_only_the_recipient_marks_a_notice_read_on_the_page(world):
    check_write_matrix(world, ["enterprise_a"], lambda: _notice_for(world, "enterprise_a"),
                       lambda client, n: client.post(f"/directory/inbox/{n.pk}/read/"), _read, True,
                       ok_status=(302,), api=False)  # fmt: skip


def test_only_the_recipient_marks_a_notice_read_in_the_api(world):
    check_write_matrix(world, ["bank_with_consent"], lambda: _notice_for(world, "bank_with_consent"),
                       lambda client, n: client.post(f"/api/v1/notifications/{n.pk}/read"), _read, True)  # fmt: skip


def _everyone_has_an_unread_notice(world) -> list[Notification]:
    return [_notice_for(world, p) for p in SIGNED_IN]


def test_everybody_signed_in_marks_their_own_inbox_read_on_the_page(world):
    notices = _everyone_has_an_unread_notice(world)
    statuses = check_matrix(world, "/directory/inbox/read/", SIGNED_IN, method="post", ok_status=(302,))
    assert statuses["anonymous"] == 302
    assert all(_read(n) for n in notices)
    response = world.client("enterprise_b").post("/directory/inbox/read/")
    assert response["Location"] == "/directory/inbox/"


def test_everybody_signed_in_marks_their_own_inbox_read_in_the_api(world):
    notices = _everyone_has_an_unread_notice(world)
    statuses = check_matrix(world, "/api/v1/notifications/read", SIGNED_IN, method="post", api=True)
    assert statuses["anonymous"] == 401
    assert all(_read(n) for n in notices)
    fresh = _notice_for(world, "expert")
    assert world.client("expert").post("/api/v1/notifications/read").json() == {"marked": 1}
    assert _read(fresh)


@pytest.mark.parametrize("url", ["/directory/inbox/read/", "/api/v1/notifications/read"])
def test_marking_all_read_leaves_everybody_elses_notices_unread(world, url):
    mine, theirs = _notice_for(world, "enterprise_b"), _notice_for(world, "enterprise_a")
    world.client("enterprise_b").post(url)
    assert _read(mine) and not _read(theirs)
