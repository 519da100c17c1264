"""Matchmaking: the finance station's products, financing requests, matching, grab mode, feedback, subsidies."""
