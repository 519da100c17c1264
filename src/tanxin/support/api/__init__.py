"""Support-fund API at /api/v1/support/: schemes and criteria, applications, review, results, publicity.

Every read goes through the gate; every write through ``services``. Public endpoints (criteria and the
publicity list of published schemes) need no sign-in. One module per concept: ``public`` (no sign-in),
``schemes`` (set-up, steps, results, objections), ``applications`` (filing and checks), ``review``
(experts, scores, awards, payments); ``shared`` holds the lookups and output shapes they share.
"""

from ninja import Router

from tanxin.support.api.applications import router as applications_router
from tanxin.support.api.public import router as public_router
from tanxin.support.api.review import router as review_router
from tanxin.support.api.schemes import router as schemes_router

router = Router(tags=["support fund"])
router.add_router("", public_router)
router.add_router("", schemes_router)
router.add_router("", applications_router)
router.add_router("", review_router)
