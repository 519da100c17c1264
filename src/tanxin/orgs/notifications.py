"""The one notification service every module calls: an inbox row per person, and an e-mail by task.

A module raises a notice for organisations (every member except experts) or for named people. The subject
and body are lazily translated strings with ``%(name)s`` parameters; they are rendered once in each
language when the notice is raised, so the inbox shows it in the reader's language even if the catalogue
later changes. A ``key`` makes raising the same event twice harmless (a daily job that runs again, a
retried request): each person keeps one notice per key. E-mail is sent after the transaction commits, by
the task worker, never inside the caller's lock.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy
from django_tasks import task

from tanxin.orgs.models import Jurisdiction, Membership, Notification, Organisation

LANGUAGES = ("zh-hans", "en")
NOT_FOUND = gettext_lazy("Notice not found.")
RECIPIENT_ROLES = ("admin", "officer", "member")  # experts score applications; they do not run the business


def _render(text: Any, params: dict[str, Any] | None, language: str) -> str:
    with translation.override(language):
        rendered = str(text)
        return rendered % params if params else rendered


def recipients(org_ids: Iterable[int] = (), user_ids: Iterable[int] = ()) -> dict[int, int | None]:
    """user id → the organisation they are notified for (None for people named directly)."""
    found: dict[int, int | None] = {uid: None for uid in user_ids}
    rows = Membership.objects.filter(organisation_id__in=list(org_ids), role__in=RECIPIENT_ROLES,
                                     user__is_active=True).values_list("user_id", "organisation_id")  # fmt: skip
    for user_id, org_id in rows:
        found.setdefault(user_id, org_id)
    return found


def bureaus_over(jurisdiction_id: int) -> list[int]:
    """Bureaus whose jurisdiction contains ``jurisdiction_id`` (the staff who supervise that place)."""
    chain: list[int] = []
    next_id: int | None = jurisdiction_id
    while next_id is not None and len(chain) < 10:  # a district, its city, its province: never deeper than that
        chain.append(next_id)
        next_id = Jurisdiction.objects.filter(pk=next_id).values_list("parent_id", flat=True).first()
    return list(Organisation.objects.filter(kind="bureau", jurisdiction_id__in=chain).exclude(status="closed")
                .order_by("pk").values_list("pk", flat=True))  # fmt: skip


def notify(*, kind: str, subject: Any, body: Any = "", params: dict[str, Any] | None = None,
           org_ids: Iterable[int] = (), user_ids: Iterable[int] = (), link: str = "", key: str = "",
           email: bool = True) -> list[Notification]:  # fmt: skip
    """Raise one notice for every recipient who does not already have one with ``key``; returns the new rows."""
    people = recipients(org_ids, user_ids)
    if not people:
        return []
    texts = {lang: (_render(subject, params, lang)[:200], _render(body, params, lang)) for lang in LANGUAGES}
    known = set()
    if key:
        known = set(Notification.objects.filter(key=key, user_id__in=list(people)).values_list("user_id", flat=True))
    rows = [
        Notification(user_id=uid, organisation_id=org_id, kind=kind[:40], link=link[:300], key=key[:120],
                     subject_zh=texts["zh-hans"][0], body_zh=texts["zh-hans"][1],
                     subject_en=texts["en"][0], body_en=texts["en"][1])
        for uid, org_id in sorted(people.items()) if uid not in known
    ]  # fmt: skip
    if key:
        # One statement for every recipient; a concurrent call that raised the same keyed notice first wins.
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
        created = list(Notification.objects.filter(key=rows[0].key, user_id__in=[r.user_id for r in rows],
                                                   emailed_at__isnull=True)) if rows else []  # fmt: skip
    else:
        Notification.objects.bulk_create(rows)
        created = rows
    if email and created:
        ids = [row.pk for row in created if row.pk is not None]
        transaction.on_commit(lambda: send_notification_emails.enqueue(ids))
    return created


def inbox(user: Any, unread_only: bool = False):
    qs = Notification.objects.visible_to(user)
    return qs.filter(read_at__isnull=True) if unread_only else qs


def unread_count(user: Any) -> int:
    return inbox(user, unread_only=True).count()


def mark_read(user: Any, notification_id: int | None = None) -> int:
    """Mark one of the user's notices (or all of them) read; someone else's notice is simply not found."""
    qs = inbox(user, unread_only=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    """One bilingual e-mail per notice to recipients with an address; marks each notice e-mailed."""
    sent = 0
    rows = Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True).select_related("user")
    for row in rows:
        if not row.user.email:
            continue
        link = f"\n{settings.SITE_URL}{row.link}" if row.link else ""
        body = f"{row.body_zh}{link}\n\n—\n{row.subject_en}\n{row.body_en}"
        send_mail(row.subject_zh, body, settings.DEFAULT_FROM_EMAIL, [row.user.email])
        Notification.objects.filter(pk=row.pk).update(emailed_at=timezone.now())
        sent += 1
    return sent

