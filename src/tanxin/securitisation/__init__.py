"""Securitisation: carbon-asset ABS deals over the platform's pledge loans and an in-process cash-flow engine."""
