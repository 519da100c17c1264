"""The API contract every router follows: bounded numbers, one error shape, one page shape, short ids.

An integrator generates a client from ``/api/v1/openapi.json``; what the schema says is what the client
knows. So the contract lives in the schema, not in prose:

- **Numbers are bounded** (`Id`, `Offset`, `Limit`, `Year`, `Fen`, `Tonnes`, `Kg`; limits in
  `tanxin.common.limits`): a value out of range is a 422 ``validation_error`` before any query runs.
- **One error shape** ``{code, message, details}`` (`ErrorOut`, component ``Error``). `ContractAPI` declares
  it on every operation for the statuses that operation can answer (400/422 always, 401/403 behind sign-in,
  404 where an id is named, 409 on writes, 413 where a body is sent), so a generated client parses errors
  instead of returning nothing.
- **One page shape** ``{count, limit, offset, items}`` (`page_of(ItemOut)`, `PageQuery`, `paginate`), at most
  `MAX_PAGE_SIZE` items: every list operation answers a page, never a bare array. Lists an integrator syncs
  take ``updated_since`` (`SyncQuery`, `changed_since`); a list paged by its query layer answers `page_answer`.
- **Short operation ids**: ``<app>_<function>`` (``registry_compliance_position``).
- **Downloads** declare their media type (`download("application/pdf")` as ``openapi_extra``).

Text fields refuse control characters and unpaired surrogates (`control_characters`): the web middleware
applies it to every JSON body, form field and query string under ``/api/``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from functools import cache
from typing import Annotated, Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, Q, QuerySet
from ninja import NinjaAPI, Schema
from ninja.openapi.schema import OpenAPISchema
from pydantic import Field, create_model

from tanxin.common.limits import MAX_FEN, MAX_ID, MAX_KG, MAX_OFFSET, MAX_PAGE_SIZE, MAX_TONNES, MAX_YEAR, MIN_YEAR

# --- bounded numbers -----------------------------------------------------------------------------------------

Id = Annotated[int, Field(ge=1, le=MAX_ID, description="a positive 64-bit id")]
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET, description="items to skip")]
Limit = Annotated[int, Field(ge=1, le=MAX_PAGE_SIZE, description=f"items per page, at most {MAX_PAGE_SIZE}")]
Year = Annotated[int, Field(ge=MIN_YEAR, le=MAX_YEAR, description=f"a year from {MIN_YEAR} to {MAX_YEAR}")]
Fen = Annotated[int, Field(ge=0, le=MAX_FEN, description=f"money in fen (1/100 yuan), at most {MAX_FEN}")]
Tonnes = Annotated[int, Field(ge=0, le=MAX_TONNES, description=f"whole tonnes, at most {MAX_TONNES}")]
Kg = Annotated[int, Field(ge=0, le=MAX_KG, description=f"kgCO2e, at most {MAX_KG}")]
#: A positive quantity of tonnes (moves, holds, surrenders): zero is refused at the boundary.
Quantity = Annotated[int, Field(ge=1, le=MAX_TONNES, description=f"whole tonnes, 1 to {MAX_TONNES}")]


# --- errors --------------------------------------------------------------------------------------------------


class ErrorOut(Schema):
    """Every 4xx and 5xx answer of the API."""

    code: str = Field(..., description="stable machine code, e.g. not_found, validation_error, too_large")
    message: str = Field(..., description="for people, in the request's language")
    details: Any = Field(None, description="field errors or context; shape depends on the code")


ERROR_COMPONENT = "Error"
ERROR_REF = {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}
ERROR_DESCRIPTIONS = {
    "400": "Bad request (malformed body or a rule refused it)",
    "401": "Not signed in, or the token is invalid",
    "403": "Not allowed",
    "404": "Not found (or not visible to you)",
    "409": "Conflicts with the current state",
    "413": "Request body too large",
    "422": "Validation error",
}
WRITE_METHODS = {"post", "put", "patch", "delete"}


def error_statuses(method: str, operation: dict[str, Any], path: str) -> list[str]:
    """The error statuses an operation can answer, from what it takes (auth, ids, a body)."""
    statuses = ["400", "422"]
    if operation.get("security"):
        statuses += ["401", "403"]
    if "{" in path or method in WRITE_METHODS:
        statuses.append("404")
    if method in WRITE_METHODS:
        statuses.append("409")
    if "requestBody" in operation:
        statuses.append("413")
    return sorted(statuses)


def declare_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the shared error schema and its responses to every operation of an OpenAPI document."""
    schema.setdefault("components", {}).setdefault("schemas", {})[ERROR_COMPONENT] = ErrorOut.model_json_schema(
        ref_template="#/components/schemas/{model}"
    )
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            responses = operation.setdefault("responses", {})
            for status in error_statuses(method, operation, path):
                responses.setdefault(
                    status,
                    {"description": ERROR_DESCRIPTIONS[status], "content": {"application/json": {"schema": ERROR_REF}}},
                )
    return schema


def download(media_type: str, description: str = "The file") -> dict[str, Any]:
    """``openapi_extra`` for an operation that answers a file instead of JSON."""
    content = {media_type: {"schema": {"type": "string", "format": "binary"}}}
    # The integer key merges with django-ninja's own 200 response; a "200" string would sit beside it and
    # write a duplicate key into openapi.json, which Swagger UI refuses to read.
    return {"responses": {200: {"description": description, "content": content}}}


# --- pages ---------------------------------------------------------------------------------------------------


class PageQuery(Schema):
    limit: Limit = 50
    offset: Offset = 0


class SyncQuery(PageQuery):
    updated_since: datetime | None = Field(
        None, description="only rows created or changed at or after this instant (ISO 8601), for incremental sync"
    )


@cache
def page_of(item: type[Schema]) -> type[Schema]:
    """The page schema for an item schema: ``OrganisationOut`` -> ``OrganisationPage``."""
    name = item.__name__.removesuffix("Out") + "Page"
    return create_model(
        name,
        __base__=Schema,
        count=(int, Field(..., description="items matching, over all pages")),
        limit=(int, ...),
        offset=(int, ...),
        items=(list[item], ...),
    )


def paginate(rows: Any, params: PageQuery, convert: Any = None) -> dict[str, Any]:
    """One page of a queryset or a list; ``convert`` maps each row to its output shape.

    The one way a list operation answers: ``return paginate(rows, params, convert)`` with
    ``response=page_of(ItemOut)`` and ``params: Query[PageQuery]`` (or a subclass with the list's filters).
    A queryset must be totally ordered (end the ordering with the primary key) so pages neither repeat nor
    skip rows."""
    count = rows.count() if hasattr(rows, "count") and not isinstance(rows, list) else len(rows)
    chunk = list(rows[params.offset : params.offset + params.limit]) if params.offset < count else []
    return page_answer(count, params, [convert(row) for row in chunk] if convert else chunk)


def page_answer(count: int, params: PageQuery, items: list[Any]) -> dict[str, Any]:
    """The page shape for a list whose query layer pages itself (it counts and reads only the page's rows)."""
    return {"count": count, "limit": params.limit, "offset": params.offset, "items": items}


def changed_since(rows: QuerySet, params: PageQuery, *marks: str | Q) -> QuerySet:
    """The rows created or changed at or after the query's ``updated_since`` (all rows without it).

    ``marks`` say what "changed" means for these rows: timestamp lookups (``updated_at``,
    ``postings__tx__created_at`` - a row whose related rows moved has changed too) or ready ``Q`` objects;
    a row matching any one of them is kept. Default: ``updated_at``."""
    since = getattr(params, "updated_since", None)
    if since is None:
        return rows
    match = Q()
    for mark in marks or ("updated_at",):
        match |= mark if isinstance(mark, Q) else Q(**{f"{mark}__gte": since})
    if all(isinstance(mark, str) and "__" not in mark for mark in marks or ("updated_at",)):
        return rows.filter(match)  # the row's own columns: filter in place
    # A lookup across a to-many relation repeats a row once per related row: keep the rows by key instead.
    return rows.filter(pk__in=rows.model._default_manager.filter(match).values("pk"))


# --- text ----------------------------------------------------------------------------------------------------

# C0 controls except tab, newline and carriage return; DEL; lone UTF-16 surrogates (not storable as UTF-8).
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def control_characters(value: Any, where: str = "") -> Iterator[str]:
    """The field paths of a parsed JSON value (or form/query mapping) whose text holds a control character."""
    if isinstance(value, str):
        if CONTROL.search(value):
            yield where or "body"
    elif isinstance(value, dict):
        for key, item in value.items():
            path = f"{where}.{key}" if where else str(key)
            if isinstance(key, str) and CONTROL.search(key):
                yield path
            yield from control_characters(item, path)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from control_characters(item, f"{where}.{index}" if where else str(index))


def control_characters_in_pairs(pairs: Iterable[tuple[str, str]]) -> list[str]:
    return [key for key, value in pairs if CONTROL.search(key) or CONTROL.search(value)]


# --- the API object ------------------------------------------------------------------------------------------


class ContractSchema(OpenAPISchema):
    """Refuses two different schemas under one component name (ninja would silently keep the last one)."""

    def add_schema_definitions(self, definitions: dict) -> None:
        for name, definition in definitions.items():
            known = self.schemas.get(name)
            if known is not None and known != definition:
                raise ImproperlyConfigured(f"Two API schemas are named {name!r}; rename one of them.")
        super().add_schema_definitions(definitions)


class ContractAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict | None = None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return declare_errors(ContractSchema(self, path_prefix))

    def get_openapi_operation_id(self, operation: Any) -> str:
        """``tanxin.registry.api`` + ``compliance_position`` -> ``registry_compliance_position``."""
        parts = operation.view_func.__module__.split(".")
        app = parts[1] if len(parts) > 1 and parts[0] == "tanxin" else parts[-1]
        return f"{app}_{operation.view_func.__name__}"


#: ``openapi_extra`` of a write that takes an ``Idempotency-Key`` header (moves or encumbers value).
IDEMPOTENT = {
    "parameters": [
        {
            "in": "header",
            "name": "Idempotency-Key",
            "required": True,
            "description": "a key you choose per operation; a replay returns the first result, the same key with "
            "different content is refused",
            "schema": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": "^[\\x21-\\x7e]+$"},
        }
    ]
}


def edited_since(model: type[Model], params: PageQuery) -> tuple[Q, ...]:
    """The mark for ``changed_since`` of rows whose own columns carry no update time: those with a row of their
    change history (every save writes one) at or after ``updated_since``."""
    since = getattr(params, "updated_since", None)
    if since is None:
        return ()
    return (Q(pk__in=model.history.filter(history_date__gte=since).values("id")),)

