"""Lending writes, split by concept (screening, loans, margin). Import the module you need; nothing here."""
