"""Documented bounds for numbers that cross the platform's boundary (API, imports).

Every figure here is far above anything a district will ever record, and far below what the databases can
store (64-bit integers), so a value outside a bound is a typing slip or an attack, never business. The API
refuses it with a validation error instead of letting it reach a query.
"""

from __future__ import annotations

MAX_INT64 = 2**63 - 1

#: Ids are positive 64-bit integers (every primary key is a bigint).
MAX_ID = MAX_INT64

#: The largest page a list operation returns; `limit` above it is refused.
MAX_PAGE_SIZE = 500
#: Offsets stay inside 64-bit even with a full page added to them.
MAX_OFFSET = MAX_INT64 - MAX_PAGE_SIZE

#: Data, compliance and scheme years the platform accepts.
MIN_YEAR = 2000
MAX_YEAR = 2100

#: Money in fen: 10^15 fen is ¥10 trillion, above any award, loan or turnover.
MAX_FEN = 10**15
#: Allowances and offsets in whole tonnes: 10^10 t is twice the whole national market's yearly cap.
MAX_TONNES = 10**10
#: Emissions in kgCO2e: the same ceiling as tonnes, in kilograms.
MAX_KG = MAX_TONNES * 1000

#: Longest free text a single API field takes (reasons, statements, notes).
MAX_TEXT = 20_000
