"""Lending API at /api/v1/lending/: screening (``api_screening``) and the loan desk."""

from ninja import Router

from tanxin.lending.api_screening import screening_router

router = Router(tags=["lending"])
router.add_router("", screening_router)
