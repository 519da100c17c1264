"""Response shapes of the disclosure API that are not a report version itself (ninja schemas)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Schema
from pydantic import create_model

# "from" is a Python keyword, so the two schemas with a ``from`` field are built with create_model.
WorkflowEventOut = create_model(
    "WorkflowEventOut", __base__=Schema, action=(str, ...), to=(str, ...), role=(str, ...), reason=(str, ...),
    actor=(str | None, ...), at=(datetime, ...), **{"from": (str, Field(..., description="state before"))},
)  # fmt: skip


class CommentOut(Schema):
    id: int
    author: str | None
    section: str
    body: str
    at: datetime


class FindingOut(Schema):
    id: int
    severity: str
    body: str
    resolved: bool


class FindingResolvedOut(Schema):
    id: int
    resolved: bool


class StatementOut(Schema):
    id: int
    sha256: str
    size: int


class TotalChange(Schema):
    key: str
    old: Any = Field(None, description="the earlier figure (kgCO2e or a ratio)")
    new: Any = None
    delta: str | None


class LineChange(Schema):
    line_id: Any
    fields: dict[str, list[Any]] = Field(..., description="field -> [old, new]")


DiffOut = create_model(
    "DiffOut", __base__=Schema, to=(int, ...), totals=(list[TotalChange], ...),
    lines_added=(list[dict[str, Any]], Field(..., description="activity lines as in the report content")),
    lines_removed=(list[dict[str, Any]], ...), lines_changed=(list[LineChange], ...),
    **{"from": (int, Field(..., description="the version restated"))},
)  # fmt: skip


class OverviewEnterprise(Schema):
    enterprise_id: int
    enterprise: str
    state: str | None
    disclosed: bool


class OverviewVersion(Schema):
    id: int
    enterprise_id: int
    enterprise: str
    year: int
    state: str
    quality_score: int | None
    total_kg: int | None
    reasons: list[str] | None = None
    verifier: str | None = None


class OverviewOut(Schema):
    year: int
    total: int
    disclosed: int
    counts: dict[str, int]
    enterprises: list[OverviewEnterprise]
    review_queue: list[OverviewVersion]
    anomalies: list[OverviewVersion]
    verification: list[OverviewVersion]


class VerifiedEmissionsOut(Schema):
    """The verified figure of an enterprise's year (latest verified or published annual version)."""

    enterprise_id: int
    year: int
    tonnes: int = Field(..., description="whole tCO2e, China regulatory view, rounded half up")
    kg: int = Field(..., description="kgCO2e as verified")
    version_id: int
    version_number: int
    published: bool
