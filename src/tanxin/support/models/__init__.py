"""Support-fund tables: schemes and their criteria, applications, expert review, scores, awards,
publicity and disbursement. Money in fen (integers); points as 2-decimal numbers (never money).

Rules live in ``domain``; these tables only hold state. Every business model keeps its history.
One module per concept: ``schemes``, ``applications``, ``review`` and ``results``; import them from here.
"""

from tanxin.support.models.applications import Application, Declaration, EvidenceFile, StatusChange
from tanxin.support.models.results import Award, AwardAdjustment, Disbursement, FinancingClaim, Objection
from tanxin.support.models.review import ExpertAssignment, ExpertItemScore, ExpertSheet, ScoreAdjustment, ScoreLine
from tanxin.support.models.schemes import (
    DEFAULT_CAP_FEN,
    POINTS,
    SCHEME_KINDS,
    Bilingual,
    Criterion,
    EligibilityRule,
    Scheme,
)

__all__ = [
    "DEFAULT_CAP_FEN",
    "POINTS",
    "SCHEME_KINDS",
    "Application",
    "Award",
    "AwardAdjustment",
    "Bilingual",
    "Criterion",
    "Declaration",
    "Disbursement",
    "EligibilityRule",
    "EvidenceFile",
    "ExpertAssignment",
    "ExpertItemScore",
    "ExpertSheet",
    "FinancingClaim",
    "Objection",
    "Scheme",
    "ScoreAdjustment",
    "ScoreLine",
    "StatusChange",
]  # fmt: skip
