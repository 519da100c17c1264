"""Securitisation pages: the deal list, the deal designer, runs and the investor reports."""
