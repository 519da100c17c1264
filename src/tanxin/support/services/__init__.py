"""Writes of the support fund. Each function checks the gate, opens one transaction, calls the domain,
persists, and records the actor (``_history_user`` and the status log).

Split by concept: ``schemes`` (design and opening), ``applications`` (enterprise side and formal check),
``review`` (experts), ``results`` (scores, awards, publicity, disbursement).
"""

from tanxin.support.services import applications, results, review, schemes

__all__ = ["applications", "results", "review", "schemes"]
