"""A bounded schema-driven fuzz run of the whole API (schemathesis against the project's own schema).

Every operation gets a fixed number of generated requests that fit the schema and a fixed number that do not,
sent through the WSGI application inside the test's transaction (nothing persists, no server to start). The
run is deterministic (derandomised hypothesis, no example database) and stops at a time cap so it fits CI.
"""

from __future__ import annotations

import logging
import sys
import time
from collections import Counter
from dataclasses import dataclass, field

import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import got_request_exception, request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hsettings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from tanxin.config.api import api

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
NEGATIVE_CHECKS = [*CHECKS, negative_data_rejection]


@dataclass
class FuzzReport:
    operations: int = 0
    requests: int = 0
    statuses: Counter = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)
    check_failures: dict[str, list[str]] = field(default_factory=dict)
    skipped_for_time: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        failures = {name: len(items) for name, items in self.check_failures.items()}
        return (
            f"{self.operations} operations, {self.requests} requests in {self.seconds:.0f}s; statuses "
            f"{dict(sorted(self.statuses.items()))}; 5xx {len(self.server_errors)}; check failures {failures}; "
            f"skipped for time {len(self.skipped_for_time)}"
        )


crashes: list[BaseException] = []


def _remember_crash(sender, request=None, **kwargs) -> None:
    crashes.append(sys.exc_info()[1])


def load_schema():
    raw = api.get_openapi_schema(path_prefix="/api/v1/")
    schema = schemathesis.openapi.from_dict(dict(raw))
    return schema


def run(
    headers: dict[str, str], examples: int, time_cap: float, after_each=None, only: set[str] | None = None
) -> FuzzReport:
    """Fuzz every operation with ``examples`` positive and ``examples`` negative cases as the given caller."""
    report = FuzzReport()
    app = WSGIHandler()
    schema = load_schema()
    started = time.monotonic()
    # The WSGI handler would close the test's connection at the end of each request (and its transaction).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    got_request_exception.connect(_remember_crash)
    quiet = logging.getLogger("django.request")
    level, quiet.level = quiet.level, logging.CRITICAL
    try:
        for result in schema.get_all_operations():
            operation = result.ok()
            label = f"{operation.method.upper()} {operation.path}"
            if only and label not in only:
                continue
            if time.monotonic() - started > time_cap:
                report.skipped_for_time.append(label)
                continue
            report.operations += 1
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                _fuzz_operation(operation, mode, app, headers, examples, report, after_each)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        got_request_exception.disconnect(_remember_crash)
        quiet.level = level
    report.seconds = time.monotonic() - started
    return report


def _fuzz_operation(operation, mode, app, headers, examples, report, after_each) -> None:
    checks = NEGATIVE_CHECKS if mode == GenerationMode.NEGATIVE else CHECKS

    @hsettings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def one(case) -> None:
        # The caller's token replaces whatever bearer value the generator made up for the security scheme.
        case.headers = {**(case.headers or {}), **headers}
        crashes.clear()
        # Each request in its own savepoint, rolled back afterwards: like a server's own transaction per request,
        # a database error fails that request only (on PostgreSQL it would otherwise abort the whole run).
        savepoint = transaction.savepoint()
        try:
            response = case.call(app=app)
        finally:
            transaction.savepoint_rollback(savepoint)
        report.requests += 1
        report.statuses[response.status_code] += 1
        if after_each is not None:
            after_each()
        label = f"{case.method} {case.formatted_path} [{mode}]"
        if response.status_code >= 500:
            cause = f" {type(crashes[-1]).__name__}: {str(crashes[-1])[:200]}" if crashes else ""
            report.server_errors.append(f"{case.as_curl_command()} [{mode}] -> {response.status_code}{cause}")
            return
        try:
            case.validate_response(response, checks=checks, headers=headers)
        except Exception as exc:  # schemathesis reports check failures as exceptions; record, keep going
            for failure in getattr(exc, "exceptions", [exc]):
                name = getattr(failure, "title", type(failure).__name__)
                report.check_failures.setdefault(str(name), []).append(f"{label}: {str(failure)[:300]}")

    try:
        one()
    except Exception as exc:  # generation impossible for this operation and mode (e.g. nothing to negate)
        if "Unsatisfiable" not in type(exc).__name__ and "generat" not in str(exc).lower():
            raise
