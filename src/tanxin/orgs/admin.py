"""Admin for the directory; querysets go through the permission gate like every other page."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from tanxin.orgs.models import ApiToken, ConsentGrant, Industry, Jurisdiction, Membership, Organisation, User


class GatedAdmin(SimpleHistoryAdmin):
    """Every admin list goes through the permission gate, like the pages and the API."""

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if hasattr(qs, "visible_to"):
            return qs.visible_to(request.user, "view")
        # Internal tables without a user-facing rule (e.g. the registry journal): platform superusers only.
        return qs if request.user.is_superuser else qs.none()


class ReadOnlyGatedAdmin(GatedAdmin):
    """For records that only services may write (ledgers, workflow logs, scored applications)."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Organisation)
class OrganisationAdmin(GatedAdmin):
    list_display = ("name_zh", "uscc", "kind", "jurisdiction", "industry", "key_emitter", "ets", "status")
    list_filter = ("kind", "ets", "key_emitter", "status", "enterprise_type")
    search_fields = ("name_zh", "name_en", "uscc")


@admin.register(Membership)
class MembershipAdmin(GatedAdmin):
    list_display = ("user", "organisation", "role")


@admin.register(ConsentGrant)
class ConsentAdmin(GatedAdmin):
    list_display = ("enterprise", "grantee", "purpose", "expires_at", "revoked_at")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "prefix", "scope", "expires_at", "revoked_at")
    readonly_fields = ("token_hash", "prefix")

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)


admin.site.register(Jurisdiction, SimpleHistoryAdmin)
admin.site.register(Industry)
admin.site.register(User, UserAdmin)
