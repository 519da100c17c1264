"""Notification preferences: in the inbox only, by e-mail at once, or one digest a day; an invalid address is
refused on its field and saves nothing; the digest sends each person one e-mail with their new notices."""

from __future__ import annotations

import pytest
from django.core import mail

from tanxin.orgs import notifications
from tanxin.orgs.models import Notification, NotificationPreference
from tests.personas import check_matrix, check_write_matrix

pytestmark = pytest.mark.django_db
SIGNED_IN = ["bureau_admin", "bureau_officer", "enterprise_a", "enterprise_b", "bank_with_consent",
             "bank_without_consent", "verifier_assigned", "verifier_other", "expert", "enterprise_a_member",
             "superuser"]  # fmt: skip


def raise_notice(user, key: str = "") -> list[Notification]:
    return notifications.notify(kind="test", subject="Deadline", body="Body", user_ids=[user.pk], key=key)


def test_every_signed_in_person_has_a_preferences_page_and_api(world):
    check_matrix(world, "/directory/inbox/preferences/", allowed=SIGNED_IN)
    check_matrix(world, "/api/v1/notifications/preferences", allowed=SIGNED_IN, api=True)


def test_every_signed_in_person_sets_their_own_preference_and_the_anonymous_visitor_cannot(world):
    def prepare():
        NotificationPreference.objects.all().delete()

    def observe(_target):
        return NotificationPreference.objects.filter(delivery="inbox").exists()

    check_write_matrix(world, SIGNED_IN, prepare,
                       lambda client, _t: client.put("/api/v1/notifications/preferences", {"delivery": "inbox"},
                                                     content_type="application/json"), observe, True)  # fmt: skip
    check_write_matrix(world, SIGNED_IN, prepare,
                       lambda client, _t: client.post("/directory/inbox/preferences/", {"delivery": "inbox"}),
                       observe, True, ok_status=(302,), api=False)  # fmt: skip


def test_an_invalid_email_is_refused_on_its_field_and_nothing_is_saved(world):
    client = world.client("enterprise_a")
    response = client.post("/directory/inbox/preferences/", {"delivery": "email", "email": "not-an-address"})
    assert response.status_code == 400
    assert response.context["form"].errors["email"]
    assert "has-error" in response.content.decode()
    assert not NotificationPreference.objects.exists()
    api = client.put("/api/v1/notifications/preferences", {"delivery": "digest", "email": "a@b"},
                     content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    assert api.status_code == 400 and api.json()["code"] == "invalid_email"
    assert api.json()["details"] == {"email": ["Enter a valid e-mail address."]}
    assert not NotificationPreference.objects.exists()


def test_email_delivery_without_any_address_is_refused(world):
    user = world.users["enterprise_b"]
    user.email = ""
    user.save()
    api = world.client("enterprise_b").put("/api/v1/notifications/preferences", {"delivery": "email"},
                                           content_type="application/json")  # fmt: skip
    assert api.status_code == 400 and api.json()["code"] == "email_needed"


def test_inbox_only_sends_no_email_and_email_at_once_writes_to_the_chosen_address(
        world, django_capture_on_commit_callbacks):
    a, b = world.users["enterprise_a"], world.users["enterprise_b"]
    notifications.set_preference(a, "inbox")
    notifications.set_preference(b, "email", "shared@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        raise_notice(a)
        raise_notice(b)
    assert [m.to for m in mail.outbox] == [["shared@example.com"]]
    assert Notification.objects.filter(user=a).count() == 1  # the inbox gets it whatever the choice


def test_the_daily_digest_sends_one_email_per_person_with_their_new_notices(world, django_capture_on_commit_callbacks):
    a = world.users["enterprise_a"]
    notifications.set_preference(a, "digest", "digest@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        raise_notice(a, "one")
        raise_notice(a, "two")
    assert mail.outbox == []  # nothing at once
    assert notifications.send_daily_digests.call() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["digest@example.com"]
    assert mail.outbox[0].body.count("Deadline") >= 2
    assert notifications.send_daily_digests.call() == 0  # a second run the same day finds nothing new
    assert not Notification.objects.filter(user=a, emailed_at__isnull=True).exists()


def test_the_preferences_form_saves_a_choice_and_shows_it_again(world):
    client = world.client("bank_with_consent")
    response = client.post("/directory/inbox/preferences/", {"delivery": "digest", "email": "desk@bank.example"})
    assert response.status_code == 302
    pref = NotificationPreference.objects.get(user=world.users["bank_with_consent"])
    assert (pref.delivery, pref.email) == ("digest", "desk@bank.example")
    assert client.get("/api/v1/notifications/preferences").json() == {"delivery": "digest",
                                                                     "email": "desk@bank.example"}
