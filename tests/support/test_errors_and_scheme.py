from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from tanxin.common.errors import Conflict, DomainError, PermissionDenied
from tanxin.support.domain import (
    MESSAGES,
    Category,
    CriteriaTree,
    EligibilityRule,
    ProportionalRule,
    RuleKind,
    SchemeConfig,
    SchemeStatus,
    ScoringMethod,
    SupportError,
    revise_scheme,
    support_error,
)
from tanxin.support.domain.scheme import DEFAULT_CAP_FEN, ensure_in_window, in_window, validate_scheme

from .builders import WINDOW_CLOSES, WINDOW_OPENS, D, P, golden_tree, item

REQUIRED_CODES = {
    "outside_window",
    "not_eligible",
    "score_out_of_range",
    "not_assigned",
    "conflicted",
    "over_cap",
    "over_budget",
    "criteria_frozen",
}


def test_every_required_code_has_an_english_message():
    assert REQUIRED_CODES <= set(MESSAGES)
    assert all(m and m.endswith(".") for m in MESSAGES.values())


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_code_builds_a_domain_error_with_its_constant_message(code):
    err = support_error(code, x=1)
    assert isinstance(err, SupportError) and isinstance(err, DomainError)
    assert (err.code, err.message, err.details) == (code, MESSAGES[code], {"x": 1})


def test_state_problems_are_conflicts_and_actor_problems_are_forbidden():
    assert isinstance(support_error("criteria_frozen"), Conflict)
    assert isinstance(support_error("conflicted"), PermissionDenied)
    assert support_error("score_out_of_range").status == 400


def test_an_unknown_code_is_a_programming_error():
    with pytest.raises(KeyError):
        support_error("nope")


def _scheme(**kw) -> SchemeConfig:
    base = SchemeConfig(
        code="GLC-2023",
        year=2023,
        version=1,
        budget_fen=600_000_000,
        window_opens=WINDOW_OPENS,
        window_closes=WINDOW_CLOSES,
        criteria=golden_tree(),
        allocation=ProportionalRule(),
    )
    return replace(base, **kw)


def test_the_default_per_enterprise_cap_is_500000_yuan():
    assert _scheme().per_enterprise_cap_fen == DEFAULT_CAP_FEN == 50_000_000
    validate_scheme(_scheme())


@pytest.mark.parametrize(
    "change",
    [
        {"budget_fen": 0},
        {"per_enterprise_cap_fen": -1},
        {"window_closes": WINDOW_OPENS},
        {"publicity_workdays": 0},
        {"spread_threshold": D(-1)},
    ],
)
def test_a_scheme_with_bad_settings_is_refused(change):
    with pytest.raises(SupportError) as exc:
        validate_scheme(_scheme(**change))
    assert exc.value.code == "invalid_criteria"


def test_the_window_includes_its_opening_instant_and_excludes_its_closing_instant():
    scheme = _scheme()
    assert in_window(scheme, WINDOW_OPENS)
    assert in_window(scheme, WINDOW_CLOSES - timedelta(microseconds=1))
    assert not in_window(scheme, WINDOW_CLOSES)
    with pytest.raises(SupportError) as exc:
        ensure_in_window(scheme, WINDOW_CLOSES)
    assert exc.value.code == "outside_window"


def test_the_domain_package_imports_only_the_stdlib_tanxin_common_and_itself():
    import ast
    import pathlib
    import sys

    root = pathlib.Path(__file__).parents[2] / "src" / "tanxin" / "support" / "domain"
    for path in root.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                continue  # relative: inside the domain package
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            for name in names:
                top = name.split(".")[0]
                ok = top in sys.stdlib_module_names or name.startswith("tanxin.common")
                assert ok, f"{path.name} imports {name}"


def test_a_scheme_only_for_production_need_not_have_items_for_other_types():
    tree = CriteriaTree(
        1, D(10), (item("A", Category.PROJECTS, 10, ScoringMethod.EXPERT, enterprise_types=frozenset({P})),)
    )
    only_production = (EligibilityRule("type", RuleKind.IN, "enterprise_type", frozenset({"production"})),)
    validate_scheme(_scheme(criteria=tree, eligibility=only_production))
    with pytest.raises(SupportError):
        validate_scheme(_scheme(criteria=tree))  # admits every type, but R&D etc. could score nothing


def test_revising_an_open_scheme_may_top_up_the_budget_as_a_new_version():
    revised = revise_scheme(_scheme(), SchemeStatus.OPEN, budget_fen=700_000_000)
    assert (revised.version, revised.budget_fen) == (2, 700_000_000)


def test_revising_the_criteria_of_an_open_scheme_is_refused_as_frozen():
    tree = replace(golden_tree(), version=2)
    with pytest.raises(SupportError) as exc:
        revise_scheme(_scheme(), SchemeStatus.OPEN, criteria=tree)
    assert (exc.value.code, exc.value.details["fields"]) == ("criteria_frozen", ["criteria"])
    assert revise_scheme(_scheme(), SchemeStatus.DRAFT, criteria=tree).criteria.version == 2


def test_revising_the_version_by_hand_or_an_unknown_field_is_a_programming_error():
    for bad in ({"version": 9}, {"colour": "green"}):
        with pytest.raises(ValueError):
            revise_scheme(_scheme(), SchemeStatus.DRAFT, **bad)
