"""Registry API at /api/v1/registry/. Every write that moves or encumbers tonnes needs ``Idempotency-Key``.

One module per concept: ``accounts`` (accounts, holdings, history, what is pledgeable), ``moves`` (issuance,
allocation, transfer, surrender, cancellation, reversal), ``holds`` (pledges and freezes), ``compliance``,
``reconciliation`` and ``public`` (no sign-in); ``schemas`` and ``shared`` hold what they share.
"""

from ninja import Router

from tanxin.registry.api.accounts import router as accounts_router
from tanxin.registry.api.compliance import router as compliance_router
from tanxin.registry.api.holds import router as holds_router
from tanxin.registry.api.moves import router as moves_router
from tanxin.registry.api.public import router as public_router
from tanxin.registry.api.reconciliation import router as reconciliation_router

router = Router(tags=["registry"])
router.add_router("", accounts_router)
router.add_router("", moves_router)
router.add_router("", holds_router)
router.add_router("", compliance_router)
router.add_router("", reconciliation_router)
router.add_router("", public_router)
