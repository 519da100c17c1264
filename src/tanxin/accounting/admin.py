"""Admin: the factor library and accounting rows, read through the same permission gate as the pages.

Factor values are never edited here: the library's add and supersede pages keep the history honest."""

from __future__ import annotations

from django.contrib import admin

from tanxin.accounting.models import ActivityLine, EmissionSource, FactorRecord, GwpValue
from tanxin.orgs.admin import GatedAdmin


@admin.register(FactorRecord)
class FactorRecordAdmin(GatedAdmin):
    list_display = ("factor_id", "family", "subject", "year", "value", "unit", "confidence", "superseded_by")
    list_filter = ("family", "confidence")
    search_fields = ("factor_id", "subject", "name_zh", "name_en")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(GwpValue)
class GwpValueAdmin(admin.ModelAdmin):
    list_display = ("gas", "gwp_set", "value")
    list_filter = ("gwp_set",)

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(EmissionSource)
class EmissionSourceAdmin(GatedAdmin):
    list_display = ("name", "enterprise", "source_type", "subject", "active")
    list_filter = ("source_type",)


@admin.register(ActivityLine)
class ActivityLineAdmin(GatedAdmin):
    list_display = ("source", "year", "month", "kind", "unit")
    list_filter = ("year", "kind")
    raw_id_fields = ("source", "enterprise", "lab_report")
