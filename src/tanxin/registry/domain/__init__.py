"""Pure allowance-registry domain: instruments, accounts, ledger rules, journal, compliance.

No Django here: the service layer loads a snapshot, calls these functions, and persists the result.
"""
