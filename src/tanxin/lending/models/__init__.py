"""Lending tables, split by concept: `loans` (loan desk, pledges, valuations, margin calls) and
`screening` (credit records, scorecards, visits, outreach, consent requests)."""
