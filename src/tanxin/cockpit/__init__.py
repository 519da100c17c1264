"""Cockpit: the district's view of the whole carbon chain, role homes, the annual report and search."""
