"""Pure helpers the lending domain tests share (no Django: the mutation runner imports them too)."""

from __future__ import annotations

from collections.abc import Callable

from tanxin.common.errors import DomainError


def code_of(call: Callable[[], object]) -> str | None:
    """The code of the refusal ``call`` raises, or None when it is accepted."""
    try:
        call()
    except DomainError as exc:
        return exc.code
    return None
