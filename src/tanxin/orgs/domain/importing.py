"""Validation of an enterprise import, row by row, before anything is written.

The service reads the workbook into plain dicts and asks ``validate_rows``; only when the report has no
errors does it write, all rows in one transaction. Reasons are stable codes the UI translates.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from tanxin.common.identifiers import uscc_problem

# Column key -> (required, max length). The order is the template's column order.
COLUMNS: dict[str, tuple[bool, int]] = {
    "uscc": (True, 18),
    "name_zh": (True, 200),
    "name_en": (False, 200),
    "industry_code": (True, 8),
    "enterprise_type": (True, 20),
    "size": (False, 20),
    "jurisdiction_code": (True, 12),
    "address": (False, 300),
    "contact_name": (False, 100),
    "contact_phone": (False, 40),
    "contact_email": (False, 254),
    "key_emitter": (False, 5),
    "ets": (False, 20),
}
ENTERPRISE_TYPES = ("production", "rd", "service", "other")
SIZES = ("large", "medium", "small", "micro")
ETS_VALUES = ("none", "national", "shenzhen")
TRUE_WORDS = {"1", "true", "yes", "y", "是", "√"}
FALSE_WORDS = {"", "0", "false", "no", "n", "否"}


@dataclass(frozen=True)
class RowError:
    row: int  # 1-based spreadsheet row number, header is row 1
    column: str
    reason: str  # missing | too_long | invalid_uscc | duplicate_in_file | duplicate_existing |
    #              unknown_industry | unknown_jurisdiction | invalid_choice | invalid_bool | invalid_email
    value: str = ""


@dataclass
class ImportReport:
    rows: list[dict[str, object]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _clean(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():  # spreadsheets turn codes into numbers
        value = int(value)
    return str(value).strip()


def _parse_bool(text: str) -> bool | None:
    low = text.lower()
    if low in TRUE_WORDS:
        return True
    if low in FALSE_WORDS:
        return False
    return None


def validate_rows(
    raw_rows: Iterable[Mapping[str, object]],
    *,
    known_industries: set[str],
    known_jurisdictions: set[str],
    existing_usccs: set[str],
    first_row_number: int = 2,
) -> ImportReport:
    report = ImportReport()
    seen: dict[str, int] = {}
    for offset, raw in enumerate(raw_rows):
        number = int(raw.get("_row") or first_row_number + offset)  # the spreadsheet's own row number
        row = {key: _clean(raw.get(key)) for key in COLUMNS}
        if not any(row.values()):
            continue  # blank line at the end of a sheet
        errors = _row_errors(number, row, known_industries, known_jurisdictions)
        code = row["uscc"].upper()
        row["uscc"] = code
        if code and not any(e.column == "uscc" for e in errors):
            if code in seen:
                errors.append(RowError(number, "uscc", "duplicate_in_file", f"{code} / {seen[code]}"))
            elif code in existing_usccs:
                errors.append(RowError(number, "uscc", "duplicate_existing", code))
            seen.setdefault(code, number)
        report.errors.extend(errors)
        if not errors:
            report.rows.append(_typed(row))
    return report


def _row_errors(number: int, row: dict[str, str], industries: set[str], jurisdictions: set[str]) -> list[RowError]:
    errors: list[RowError] = []
    for key, (required, max_len) in COLUMNS.items():
        value = row[key]
        if required and not value:
            errors.append(RowError(number, key, "missing"))
        elif len(value) > max_len:
            errors.append(RowError(number, key, "too_long", value[:40]))
    if errors:
        return errors
    if uscc_problem(row["uscc"].upper()) is not None:
        errors.append(RowError(number, "uscc", "invalid_uscc", row["uscc"]))
    if row["industry_code"].upper() not in industries:
        errors.append(RowError(number, "industry_code", "unknown_industry", row["industry_code"]))
    if row["jurisdiction_code"] not in jurisdictions:
        errors.append(RowError(number, "jurisdiction_code", "unknown_jurisdiction", row["jurisdiction_code"]))
    for key, choices in (("enterprise_type", ENTERPRISE_TYPES), ("size", SIZES), ("ets", ETS_VALUES)):
        if row[key] and row[key].lower() not in choices:
            errors.append(RowError(number, key, "invalid_choice", row[key]))
    if _parse_bool(row["key_emitter"]) is None:
        errors.append(RowError(number, "key_emitter", "invalid_bool", row["key_emitter"]))
    email = row["contact_email"]
    if email and ("@" not in email or email.startswith("@") or email.endswith("@")):
        errors.append(RowError(number, "contact_email", "invalid_email", email))
    return errors


def _typed(row: dict[str, str]) -> dict[str, object]:
    return {
        **row,
        "industry_code": row["industry_code"].upper(),
        "enterprise_type": row["enterprise_type"].lower(),
        "size": row["size"].lower(),
        "ets": (row["ets"] or "none").lower(),
        "key_emitter": bool(_parse_bool(row["key_emitter"])),
    }
