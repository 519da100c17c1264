"""Lending: enterprise screening, carbon-allowance pledge loans, valuation, margin calls and disposal."""
