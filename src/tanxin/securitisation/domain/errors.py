"""Refusals of the securitisation engine: a stable code for machines, details for the message."""

from __future__ import annotations

from typing import Any

from tanxin.common.errors import DomainError


class StructureError(DomainError):
    """A deal structure, an assumption set or a run request the engine cannot take."""

    code = "bad_structure"


def refuse(code: str, message: str, **details: Any) -> StructureError:
    return StructureError(message, code=code, details=details or None)
