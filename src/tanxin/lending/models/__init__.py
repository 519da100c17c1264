"""Lending tables, split by concept: `loans` (loan desk, pledges, valuations, margin calls) and
`screening` (credit records, scorecards, visits, outreach, consent requests)."""
from tanxin.lending.models.loans import (  # noqa: F401
    Collateral,
    Cure,
    Document,
    Event,
    Loan,
    MarginCall,
    Mark,
    OperationKey,
    Pledge,
    Repayment,
    Valuation,
)
from tanxin.lending.models.screening import (  # noqa: F401
    ConsentRequest,
    CreditRecord,
    FinancialStatement,
    OutreachEntry,
    ScorecardVersion,
    Visit,
    VisitEvidence,
)
