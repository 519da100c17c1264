"""Unified social credit code (统一社会信用代码) per GB 32100-2015.

18 characters: registration authority (1), organisation type (1), administrative division (6 digits),
organisation code per GB 11714 (8 body characters + its own check character), check character (1).
The alphabet has 31 characters: digits and upper-case letters without I, O, Z, S, V.
"""

from __future__ import annotations

from dataclasses import dataclass

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
_WEIGHTS = [pow(3, i, 31) for i in range(17)]  # 1, 3, 9, 27, 19, 26, ...
# GB 11714 organisation code: weights for the 8 body characters, modulus 11.
_ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]


@dataclass(frozen=True)
class CodeProblem:
    """Why a code is invalid; ``reason`` is a stable key the UI translates."""

    reason: str  # length | charset | division | org_check | check_digit
    expected: str = ""


def uscc_check_char(first17: str) -> str:
    """The 18th character for the given first 17 characters."""
    total = sum(_VALUE[ch] * w for ch, w in zip(first17, _WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def org_code_check_char(body8: str) -> str:
    """GB 11714 check character (position 17 of a USCC) for the 8-character organisation body."""
    total = sum(_org_value(ch) * w for ch, w in zip(body8, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def _org_value(ch: str) -> int:
    return int(ch) if ch.isdigit() else ord(ch) - ord("A") + 10


def uscc_problem(code: str) -> CodeProblem | None:
    """None when ``code`` is a valid USCC, else the first problem found."""
    if len(code) != 18:
        return CodeProblem("length")
    if any(ch not in _VALUE for ch in code):
        return CodeProblem("charset")
    if not code[2:8].isdigit():
        return CodeProblem("division")
    if org_code_check_char(code[8:16]) != code[16]:
        return CodeProblem("org_check", org_code_check_char(code[8:16]))
    expected = uscc_check_char(code[:17])
    if expected != code[17]:
        return CodeProblem("check_digit", expected)
    return None


def is_valid_uscc(code: str) -> bool:
    return uscc_problem(code) is None


def make_uscc(authority_type: str, division: str, org_body: str) -> str:
    """Build a valid code from its parts (used by demo data and tests)."""
    first16 = authority_type + division + org_body
    if len(first16) != 16 or any(ch not in _VALUE for ch in first16):
        raise ValueError(f"cannot build a credit code from {first16!r}")
    first17 = first16 + org_code_check_char(org_body)
    return first17 + uscc_check_char(first17)
