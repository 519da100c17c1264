"""Lending pages, split by concept (screening, loans)."""
