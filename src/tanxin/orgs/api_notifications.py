"""The inbox in the API: the caller's own notices and marking them read (``/api/v1/notifications``)."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from tanxin.common.errors import NotFound
from tanxin.orgs import notifications

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: str
    subject: str
    body: str
    link: str
    created_at: datetime
    read_at: datetime | None


class NotificationPage(Schema):
    count: int
    limit: int
    offset: int
    unread: int
    items: list[NotificationOut]


class InboxQuery(Schema):
    unread: bool = False
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=2**62)


class MarkedOut(Schema):
    marked: int


@router.get("/notifications", response=NotificationPage, operation_id="notifications_list")
def list_notifications(request: HttpRequest, params: Query[InboxQuery]):
    qs = notifications.inbox(request.user, params.unread)
    return {"count": qs.count(), "limit": params.limit, "offset": params.offset,
            "unread": notifications.unread_count(request.user),
            "items": list(qs[params.offset : params.offset + params.limit])}  # fmt: skip


@router.post("/notifications/read", response=MarkedOut, operation_id="notifications_read_all")
def read_all(request: HttpRequest):
    return {"marked": notifications.mark_read(request.user)}


@router.post("/notifications/{notification_id}/read", response=MarkedOut, operation_id="notifications_read")
def read_one(request: HttpRequest, notification_id: int):
    if not notifications.inbox(request.user).filter(pk=notification_id).exists():
        raise NotFound(notifications.NOT_FOUND)
    return {"marked": notifications.mark_read(request.user, notification_id)}


class NotificationPreferenceOut(Schema):
    delivery: str = Field(..., description="inbox | email (at once) | digest (one e-mail a day)")
    email: str = Field(..., description="address for notices; empty: the account's address")


class NotificationPreferenceIn(Schema):
    delivery: str = Field(..., max_length=10, description="inbox | email | digest")
    email: str = Field("", max_length=254, description="address for notices; empty: the account's address")


@router.get("/notifications/preferences", response=NotificationPreferenceOut,
            operation_id="notifications_preferences")  # fmt: skip
def get_preferences(request: HttpRequest):
    pref = notifications.preference_for(request.user)
    return {"delivery": pref.delivery, "email": pref.email}


@router.put("/notifications/preferences", response=NotificationPreferenceOut,
            operation_id="notifications_set_preferences")  # fmt: skip
def set_preferences(request: HttpRequest, payload: NotificationPreferenceIn):
    """Refused with 400 ``invalid_email`` (details name the field) for an address that is not one."""
    pref = notifications.set_preference(request.user, payload.delivery, payload.email)
    return {"delivery": pref.delivery, "email": pref.email}
