"""Registry admin: read-only views of the ledger (entries are append-only) and editable configuration.

Querysets go through the permission gate like every page. Ledger rows cannot be added, changed or
deleted here: every movement is a service operation with an actor, a reason and a journal record.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from tanxin.orgs.admin import ReadOnlyGatedAdmin
from tanxin.registry.models import (
    Account,
    Controls,
    Hold,
    JournalEntry,
    Obligation,
    ReconciliationCase,
    Transaction,
)
from tanxin.registry.obligations import rule_book


@admin.register(Account)
class AccountAdmin(ReadOnlyGatedAdmin):
    list_display = ("number", "kind", "owner", "external_number", "blocked")
    list_filter = ("kind", "blocked")
    search_fields = ("number", "external_number", "owner__name_zh")


@admin.register(Transaction)
class TransactionAdmin(ReadOnlyGatedAdmin):
    list_display = ("tx_id", "kind", "subtype", "actor", "reason", "created_at")
    list_filter = ("kind",)
    search_fields = ("tx_id", "reason")


@admin.register(Hold)
class HoldAdmin(ReadOnlyGatedAdmin):
    list_display = ("ref", "account", "kind", "instrument", "quantity", "pledgee", "status")
    list_filter = ("kind", "status")


@admin.register(JournalEntry)
class JournalAdmin(ReadOnlyGatedAdmin):
    list_display = ("seq", "kind", "hash", "created_at")

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.none()


@admin.register(Obligation)
class ObligationAdmin(ReadOnlyGatedAdmin):
    list_display = ("enterprise", "year", "scheme", "verified_emissions_t", "source", "reason")


@admin.register(ReconciliationCase)
class CaseAdmin(ReadOnlyGatedAdmin):
    list_display = ("pk", "statement_name", "status", "opened_at")


@admin.register(Controls)
class ControlsAdmin(SimpleHistoryAdmin):
    """Transfer controls are configuration; the M-tagged rule-pack values are listed for the bureau."""

    list_display = ("jurisdiction", "second_approval_above_t", "require_trusted_counterparty", "cooling_off_workdays")
    readonly_fields = ("rule_pack_parameters",)

    @admin.display(description=_("rule-pack parameters to be confirmed"))
    def rule_pack_parameters(self, obj) -> str:
        book = rule_book()
        return "; ".join(f"{pack.name_en}: {', '.join(pack.unconfirmed()) or '—'}" for pack in book.packs.values())
