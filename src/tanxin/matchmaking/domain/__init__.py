"""Pure matchmaking rules: products and requests, eligibility, ranking with reasons, grab slots, the funnel.

No Django here: dataclasses and functions only, so every rule is tested without a database and the
benchmarks run the same code the services run.
"""
