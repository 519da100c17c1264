"""Matchmaking tables: the catalogue, financing requests (addressees, matches, slots, steps), outcomes
(approvals, disbursements, use of proceeds) and meetings."""

from tanxin.matchmaking.models.catalogue import Product
from tanxin.matchmaking.models.outcomes import Disbursement, Meeting, ProceedsReport
from tanxin.matchmaking.models.requests import Addressee, FinancingRequest, Match, Step

__all__ = ["Addressee", "Disbursement", "FinancingRequest", "Match", "Meeting", "ProceedsReport", "Product", "Step"]
