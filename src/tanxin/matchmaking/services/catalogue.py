"""The product catalogue: a bank or guarantor drafts a product, submits it, and the bureau checks it before it
is published (or returns it with a note). Only published products are matched or shown to the public."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tanxin.common.errors import Conflict, NotFound, PermissionDenied, field_error
from tanxin.matchmaking.domain import catalogue as rules
from tanxin.matchmaking.models import Product
from tanxin.matchmaking.services.common import bank_of, translated
from tanxin.orgs import access
from tanxin.orgs.gate import principal_for
from tanxin.orgs.models import Jurisdiction, Organisation

FIELDS = ("name_zh", "name_en", "kind", "min_amount_fen", "max_amount_fen", "min_term_months", "max_term_months",
          "spread_min_bp", "spread_max_bp", "collateral", "industries", "min_band", "green_only", "green_conditions",
          "response_workdays")  # fmt: skip


def as_rule(p: Product) -> rules.Product:
    return rules.Product(p.pk or 0, p.provider_id, rules.ProductKind(p.kind), p.min_amount_fen, p.max_amount_fen,
                         p.min_term_months, p.max_term_months, p.spread_min_bp, p.spread_max_bp,
                         frozenset(p.collateral), tuple(p.industries), p.min_band, p.green_only,
                         p.response_workdays)  # fmt: skip


def _validate(product: Product) -> None:
    if product.kind not in {k.value for k in rules.ProductKind}:
        raise field_error("kind", _("Unknown product type."))
    if not str(product.name_zh).strip():
        raise field_error("name_zh", _("Give the product a name."))
    product.industries = sorted({str(i).strip().upper() for i in product.industries if str(i).strip()})
    with translated():
        rules.check_product(as_rule(product))


@transaction.atomic
def create_product(user: Any, data: dict[str, Any], provider_id: int | None = None) -> Product:
    provider = bank_of(user, provider_id)
    jurisdiction = Jurisdiction.objects.filter(pk=data.get("jurisdiction_id")).first()
    if jurisdiction is None:
        raise field_error("jurisdiction_id", _("Choose the district whose catalogue lists the product."))
    count = Product.objects.filter(provider_id=provider).count() + 1
    product = Product(provider_id=provider, jurisdiction=jurisdiction, code=f"P{provider:05d}-{count:03d}",
                      **{f: data[f] for f in FIELDS if f in data})  # fmt: skip
    _validate(product)
    product._history_user = user
    product.save()
    return product


def _load(user: Any, product_id: int) -> Product:
    product = Product.objects.visible_to(user, "change").select_for_update(of=("self",)).filter(pk=product_id).first()
    if product is None:
        raise NotFound(_("Product not found."), code="product_not_found")
    return product


def _save(user: Any, product: Product, status: str) -> Product:
    product.status = status
    product.updated_at = timezone.now()
    product._history_user = user
    product.save()
    return product


@transaction.atomic
def submit_product(user: Any, product_id: int) -> Product:
    """The provider sends a draft (or a returned product) to the bureau for its check."""
    product = _load(user, product_id)
    if product.provider_id not in principal_for(user).org_ids:
        raise PermissionDenied(_("Only the product's bank may submit it."), code="not_provider")
    if product.status not in (Product.Status.DRAFT, Product.Status.RETURNED):
        raise Conflict(_("Only a draft or a returned product can be submitted."), code="wrong_state")
    return _save(user, product, Product.Status.SUBMITTED)


@transaction.atomic
def check_product(user: Any, product_id: int, *, publish: bool, note: str = "") -> Product:
    """The bureau publishes a submitted product, or returns it with a note saying what to change."""
    product = _load(user, product_id)
    p = principal_for(user)
    if not access.is_staff_for(p, product.jurisdiction_id):
        raise PermissionDenied(_("Only bureau staff of the district check products."), code="not_staff")
    if product.status != Product.Status.SUBMITTED:
        raise Conflict(_("Only a submitted product can be checked."), code="wrong_state")
    if not publish and not note.strip():
        raise field_error("note", _("Say what the bank should change."))
    product.checked_by, product.checked_at, product.check_note = user, timezone.now(), note.strip()[:300]
    return _save(user, product, Product.Status.PUBLISHED if publish else Product.Status.RETURNED)


@transaction.atomic
def withdraw_product(user: Any, product_id: int) -> Product:
    product = _load(user, product_id)
    if product.provider_id not in principal_for(user).org_ids:
        raise PermissionDenied(_("Only the product's bank may withdraw it."), code="not_provider")
    return _save(user, product, Product.Status.WITHDRAWN)


def providers() -> list[Organisation]:
    return list(Organisation.objects.filter(kind__in=("bank", "guarantor")).exclude(status="closed").order_by("pk"))
