"""Money: Decimal yuan in code, integer fen at rest.

Every amount that crosses a module boundary is either a ``Decimal`` in yuan or an ``int`` in fen.
Floats are refused so a rounding error can never slip in through an innocent ``0.1``.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

FEN_PER_YUAN = 100
_FEN = Decimal("0.01")


def to_decimal(value: Decimal | int | str) -> Decimal:
    """Exact Decimal from an int, str or Decimal. Floats are refused: they are not exact."""
    if isinstance(value, float):
        raise TypeError("floats are not exact; pass a str, int or Decimal")
    try:
        result = Decimal(value)
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(f"not a number: {value!r}") from exc
    if not result.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    return result


def yuan_to_fen(yuan: Decimal | int | str) -> int:
    """Yuan to whole fen, half-up (the usual Chinese accounting rounding)."""
    return int(to_decimal(yuan).quantize(_FEN, rounding=ROUND_HALF_UP) * FEN_PER_YUAN)


def fen_to_yuan(fen: int) -> Decimal:
    """Whole fen to Decimal yuan with two places."""
    if not isinstance(fen, int) or isinstance(fen, bool):
        raise TypeError("fen must be an int")
    return (Decimal(fen) / FEN_PER_YUAN).quantize(_FEN)


def format_yuan(fen: int, *, wan: bool = False) -> str:
    """Human display: ``1,234.56`` or, with ``wan``, ``123.46万`` (10^4 yuan)."""
    yuan = fen_to_yuan(fen)
    if wan:
        return f"{(yuan / 10000).quantize(_FEN, rounding=ROUND_HALF_UP):,}万"
    return f"{yuan:,}"
