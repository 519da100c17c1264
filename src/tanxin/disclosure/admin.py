"""Admin for disclosure: read-mostly, through the permission gate. Workflow moves happen in the services
(the admin cannot change a version's state or figures, and the database refuses edits to published rows)."""

from __future__ import annotations

from django.contrib import admin

from tanxin.disclosure.models import Report, ReportVersion, VerifierAssignment, WorkflowEvent
from tanxin.orgs.admin import GatedAdmin


@admin.register(Report)
class ReportAdmin(GatedAdmin):
    list_display = ("enterprise", "year", "kind", "event_date", "created_at")
    list_filter = ("kind", "year")
    search_fields = ("enterprise__name_zh", "enterprise__uscc")
    readonly_fields = ("enterprise", "year", "kind", "created_by", "created_at")


@admin.register(ReportVersion)
class ReportVersionAdmin(GatedAdmin):
    list_display = ("report", "number", "state", "total_kg", "verified_kg", "quality_score", "published_at")
    list_filter = ("state", "report__year")
    search_fields = ("report__enterprise__name_zh", "report__enterprise__uscc")
    readonly_fields = tuple(f.name for f in ReportVersion._meta.fields)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(VerifierAssignment)
class VerifierAssignmentAdmin(GatedAdmin):
    list_display = ("version", "verifier", "assigned_at")
    readonly_fields = ("version", "verifier", "assigned_by", "assigned_at")


@admin.register(WorkflowEvent)
class WorkflowEventAdmin(admin.ModelAdmin):
    list_display = ("version", "action", "from_state", "to_state", "actor", "role", "at")
    list_filter = ("action", "role")

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user, "view")

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
