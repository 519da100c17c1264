"""Background work of accounting (run by the database task worker started with ``make run``)."""

from __future__ import annotations

from django_tasks import task

from tanxin.accounting.inventories import recompute_all


@task()
def recompute_inventories() -> int:
    """Recompute every stored inventory with the current factor library (after a factor is added or
    corrected). Pages and ``emission_trend`` also refresh a stale inventory on demand; this keeps the
    bureau's lists current without waiting for a visit."""
    return recompute_all()
