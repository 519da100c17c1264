"""Pure helpers the securitisation domain tests share (no Django: the mutation runner imports them too)."""

from __future__ import annotations

from collections.abc import Callable


def counted(f: Callable[[float], float]) -> tuple[Callable[[float], float], list[float]]:
    """``f`` and the list of every point it is evaluated at, in order (a root finder's path)."""
    calls: list[float] = []

    def g(x: float) -> float:
        calls.append(x)
        return f(x)

    return g, calls
