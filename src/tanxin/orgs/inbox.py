"""The inbox page: a signed-in person's own notices, newest first, with "mark read"; and how notices reach them."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from tanxin.orgs import notifications
from tanxin.orgs.models import NotificationPreference
from tanxin.web.forms import attempt


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    page = Paginator(notifications.inbox(request.user, unread_only), 50).get_page(request.GET.get("page"))
    return render(request, "orgs/inbox.html", {"page": page, "unread_only": unread_only,
                                               "unread": notifications.unread_count(request.user)})  # fmt: skip


@login_required
@require_POST
def mark_read(request: HttpRequest, notification_id: int | None = None) -> HttpResponse:
    # Somebody else's notice is "not found" here as in the API, not a silent redirect.
    if notification_id is not None and not notifications.inbox(request.user).filter(pk=notification_id).exists():
        raise Http404(notifications.NOT_FOUND)
    notifications.mark_read(request.user, notification_id)
    return redirect("orgs:inbox")


class PreferenceForm(forms.Form):
    delivery = forms.ChoiceField(label=_("How notices reach you"), choices=NotificationPreference.Delivery.choices,
                                 widget=forms.RadioSelect)  # fmt: skip
    email = forms.EmailField(label=_("E-mail for notices"), required=False, max_length=254,
                             help_text=_("Leave empty to use your account's address."))  # fmt: skip


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    """Choose in-app only, e-mail at once or a daily digest; an invalid address is refused on its field."""
    pref = notifications.preference_for(request.user)
    form = PreferenceForm(request.POST or None, initial={"delivery": pref.delivery, "email": pref.email})
    if request.method == "POST" and form.is_valid():
        saved = attempt(form, lambda: notifications.set_preference(request.user, form.cleaned_data["delivery"],
                                                                    form.cleaned_data["email"]))  # fmt: skip
        if saved is not None:
            messages.success(request, _("Your notification preferences are saved."))
            return redirect("orgs:inbox_preferences")
    status = 400 if request.method == "POST" else 200
    return render(request, "orgs/inbox_preferences.html", {"form": form, "account_email": request.user.email},
                  status=status)  # fmt: skip
