"""Admin for the support fund: read-only views through the permission gate.

Writes go through the services (rules, workflow log, history), so the admin never edits these rows.
"""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from tanxin.support.models import Application, Award, Disbursement, Objection, Scheme


class ReadOnlyGatedAdmin(SimpleHistoryAdmin):
    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user, "view")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Scheme)
class SchemeAdmin(ReadOnlyGatedAdmin):
    list_display = ("code", "year", "version", "title_zh", "status", "budget_fen", "cap_fen")
    list_filter = ("status", "year")


@admin.register(Application)
class ApplicationAdmin(ReadOnlyGatedAdmin):
    list_display = ("scheme", "enterprise", "status", "total", "rank")
    list_filter = ("status", "scheme")
    search_fields = ("enterprise__name_zh", "enterprise__uscc")


@admin.register(Award)
class AwardAdmin(ReadOnlyGatedAdmin):
    list_display = ("application", "rank", "draft_fen", "amount_fen", "cap_fen", "basis")


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyGatedAdmin):
    list_display = ("scheme", "application", "filed_on", "answered_at")


@admin.register(Disbursement)
class DisbursementAdmin(ReadOnlyGatedAdmin):
    list_display = ("application", "amount_fen", "paid_on", "reference")
