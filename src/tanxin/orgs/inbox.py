"""The inbox page: a signed-in person's own notices, newest first, with "mark read"."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tanxin.orgs import notifications


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    page = Paginator(notifications.inbox(request.user, unread_only), 50).get_page(request.GET.get("page"))
    return render(request, "orgs/inbox.html", {"page": page, "unread_only": unread_only,
                                               "unread": notifications.unread_count(request.user)})  # fmt: skip


@login_required
@require_POST
def mark_read(request: HttpRequest, notification_id: int | None = None) -> HttpResponse:
    notifications.mark_read(request.user, notification_id)
    return redirect("orgs:inbox")
