"""Matchmaking writes: each checks the acting user, runs in one transaction and records a timeline step."""
