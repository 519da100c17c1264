"""Disclosure API at /api/v1/disclosure/: reports and versions under the gate, the workflow, verification,
deadlines, the bureau overview, and the public open data (published figures only, no login).

One module per concept: ``reports`` (reports, versions, workflow, files), ``verification``, ``overview``
(deadlines, the bureau overview, verified emissions) and ``public``; ``schemas`` and ``shared`` hold what they
share. ``public_row`` is also the row of the public portal pages.
"""

from ninja import Router

from tanxin.disclosure.api.overview import router as overview_router
from tanxin.disclosure.api.public import public_row
from tanxin.disclosure.api.public import router as public_router
from tanxin.disclosure.api.reports import router as reports_router
from tanxin.disclosure.api.verification import router as verification_router

router = Router(tags=["disclosure"])
router.add_router("", reports_router)
router.add_router("", verification_router)
router.add_router("", overview_router)
router.add_router("", public_router)

__all__ = ["public_row", "router"]
