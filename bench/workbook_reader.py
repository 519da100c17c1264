"""The shared workbook reader on crafted ~5 KB workbooks that declare a huge sheet (``A1:XFD<n>`` and one
blank cell at row n), for n = 100,000 and 1,048,576 (Excel's last row).

Reference in the same run: openpyxl's read-only row iterator (what the reader used before) on the same kind
of file declaring 2,000 rows, timed and extrapolated linearly to n (it pads every missing row to the declared
16,384 columns, so its cost grows with the declaration, not with the data). Target: under 1 s per file.
Prints one JSON line.
"""

from __future__ import annotations

import io
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 1.0
REFERENCE_ROWS = 2_000


def _setup() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tanxin.config.settings_test")
    import django

    django.setup()


def _old_reader(data: bytes) -> int:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    kept = sum(1 for values in wb.worksheets[0].iter_rows(values_only=True) if any(v is not None for v in values))
    wb.close()
    return kept


def _timed(fn, data: bytes) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn(data)
    return time.perf_counter() - start, result


def main() -> None:
    _setup()
    from tests.hostile.workbooks import far_reaching

    from _setup import emit
    from tanxin.web import xlsx

    rows = [["account", "instrument", "quantity"], ["X-1", "SZA-2025", 10]]
    figures, ok = {}, True
    for last in (100_000, 1_048_576):
        data = far_reaching(rows, last_row=last)
        seconds, (_header, kept) = _timed(xlsx.sheet_rows, data)
        ok = ok and len(kept) == 1 and seconds < TARGET_SECONDS
        figures[f"rows_{last}"] = {"file_bytes": len(data), "seconds": round(seconds, 4)}
    small = far_reaching(rows, last_row=REFERENCE_ROWS)
    ref_seconds, _kept = _timed(_old_reader, small)
    per_row = ref_seconds / REFERENCE_ROWS
    emit({
        "bench": "workbook_reader", "figures": figures,
        "reference_seconds_2000_rows": round(ref_seconds, 3),
        "reference_extrapolated_100000": round(per_row * 100_000, 1),
        "reference_extrapolated_1048576": round(per_row * 1_048_576, 1),
        "target_seconds": TARGET_SECONDS, "meets_target": ok,
        "reference": "openpyxl read-only iter_rows (the previous reader) on the same crafted file declaring "
                     "2,000 rows, extrapolated linearly; target: each crafted file read in under 1 s",
    })  # fmt: skip


if __name__ == "__main__":
    main()
