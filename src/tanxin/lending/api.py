"""Lending API at /api/v1/lending/: screening (``api_screening``) and the loan desk (``api_loans``)."""

from ninja import Router

from tanxin.lending.api_loans import router as loans_router
from tanxin.lending.api_screening import screening_router

router = Router(tags=["lending"])
router.add_router("", screening_router)
router.add_router("", loans_router)
