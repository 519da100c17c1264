"""Pure lending rules: valuation, haircut, barrier probability, LTV, coverage, interest, margin states,
disposal simulation and the screening scorecard. No Django here (import-linter contract)."""
