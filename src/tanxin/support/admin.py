"""Admin for the support fund: read-only views through the permission gate.

Writes go through the services (rules, workflow log, history), so the admin never edits these rows.
"""

from __future__ import annotations

from django.contrib import admin

from tanxin.orgs.admin import ReadOnlyGatedAdmin
from tanxin.support.models import Application, Award, Disbursement, Objection, Scheme


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
