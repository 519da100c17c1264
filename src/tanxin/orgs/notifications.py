"""The one notification service every module calls: an inbox row per person, and an e-mail by task.

A module raises a notice for organisations (every member except experts) or for named people. The subject
and body are lazily translated strings with ``%(name)s`` parameters; they are rendered once in each
language when the notice is raised, so the inbox shows it in the reader's language even if the catalogue
later changes. A ``key`` makes raising the same event twice harmless (a daily job that runs again, a
retried request): each person keeps one notice per key. E-mail is sent after the transaction commits, by
the task worker, never inside the caller's lock.

Each person chooses how notices reach them (``NotificationPreference``): the inbox only, an e-mail at once
(the default), or one digest e-mail a day (``send_daily_digests``, a daily job). Every notice lands in the
inbox whatever the choice.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy
from django_tasks import task

from tanxin.common.errors import DomainError
from tanxin.orgs.models import Jurisdiction, Membership, Notification, NotificationPreference, Organisation

LANGUAGES = ("zh-hans", "en")
NOT_FOUND = gettext_lazy("Notice not found.")
INVALID_EMAIL = gettext_lazy("Enter a valid e-mail address.")
EMAIL_NEEDED = gettext_lazy("E-mail delivery needs an address: enter one here or in your account.")
INVALID_DELIVERY = gettext_lazy("Choose how notices reach you.")
Delivery = NotificationPreference.Delivery
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


def _field_error(message: Any, code: str, field: str) -> DomainError:
    return DomainError(message, code=code, details={field: [message]})


def preference_for(user: Any) -> NotificationPreference:
    """The person's choice, or the default (e-mail at once to the account's address) when they made none."""
    found = NotificationPreference.objects.filter(user_id=user.pk).first()
    return found or NotificationPreference(user_id=user.pk, delivery=Delivery.EMAIL, email="")


def set_preference(user: Any, delivery: str, email: str = "") -> NotificationPreference:
    """Save how notices reach ``user``. An invalid address, or e-mail delivery with no address at all, is refused
    with an error on the ``email`` field (nothing is saved)."""
    if delivery not in Delivery.values:
        raise _field_error(INVALID_DELIVERY, "invalid_choice", "delivery")
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise _field_error(INVALID_EMAIL, "invalid_email", "email") from None
    if delivery != Delivery.INBOX and not (email or user.email):
        raise _field_error(EMAIL_NEEDED, "email_needed", "email")
    pref, _created = NotificationPreference.objects.update_or_create(user=user, defaults={"delivery": delivery,
                                                                                        "email": email})  # fmt: skip
    return pref


def _addresses(user_ids: Iterable[int], delivery: str) -> dict[int, str]:
    """user id → the address to write to, for people whose choice is ``delivery`` (no row: e-mail at once)."""
    from django.contrib.auth import get_user_model

    ids = set(user_ids)
    prefs = {p.user_id: p for p in NotificationPreference.objects.filter(user_id__in=ids)}
    accounts = dict(get_user_model().objects.filter(pk__in=ids).values_list("pk", "email"))
    out = {}
    for uid in ids:
        pref = prefs.get(uid)
        chosen = pref.delivery if pref else Delivery.EMAIL
        address = (pref.email if pref else "") or accounts.get(uid, "")
        if chosen == delivery and address:
            out[uid] = address
    return out


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    """One bilingual e-mail per notice to recipients who chose e-mail at once; marks each notice e-mailed.
    Notices of people who chose the digest wait for it; inbox-only notices are never e-mailed."""
    sent = 0
    rows = list(Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True))
    addresses = _addresses({r.user_id for r in rows}, Delivery.EMAIL)
    for row in rows:
        if row.user_id not in addresses:
            continue
        link = f"\n{settings.SITE_URL}{row.link}" if row.link else ""
        body = f"{row.body_zh}{link}\n\n—\n{row.subject_en}\n{row.body_en}"
        send_mail(row.subject_zh, body, settings.DEFAULT_FROM_EMAIL, [addresses[row.user_id]])
        Notification.objects.filter(pk=row.pk).update(emailed_at=timezone.now())
        sent += 1
    return sent


DIGEST_SUBJECT = gettext_lazy("Tanxin: %(n)s new notices")


@task()
def send_daily_digests() -> int:
    """One e-mail per person who chose the digest, listing their notices not yet e-mailed; returns e-mails sent.
    Run once a day by the scheduler; a second run the same day finds nothing new to send."""
    prefs = NotificationPreference.objects.filter(delivery=Delivery.DIGEST)
    addresses = _addresses(prefs.values_list("user_id", flat=True), Delivery.DIGEST)
    sent = 0
    for user_id, address in sorted(addresses.items()):
        rows = list(Notification.objects.filter(user_id=user_id, emailed_at__isnull=True).order_by("created_at", "pk"))
        if not rows:
            continue
        lines = [f"· {r.subject_zh}" + (f"  {settings.SITE_URL}{r.link}" if r.link else "") for r in rows]
        lines += ["", "—"] + [f"· {r.subject_en}" for r in rows]
        subject = _render(DIGEST_SUBJECT, {"n": len(rows)}, "zh-hans")
        send_mail(subject, "\n".join(lines), settings.DEFAULT_FROM_EMAIL, [address])
        now = timezone.now()
        Notification.objects.filter(pk__in=[r.pk for r in rows]).update(emailed_at=now)
        NotificationPreference.objects.filter(user_id=user_id).update(digest_sent_at=now)
        sent += 1
    return sent
