from __future__ import annotations

from datetime import datetime

import pytest

from tanxin.support.domain import RankInput, rank_applications

from .builders import D


def _e(app: str, total: str, expert: str = "0", auto: str = "0", day: int = 1) -> RankInput:
    return RankInput(app, D(total), D(expert), D(auto), datetime(2023, 6, day))


def test_higher_total_ranks_first():
    assert [r.entry.application_id for r in rank_applications([_e("a", "50"), _e("b", "60")])] == ["b", "a"]


@pytest.mark.parametrize(
    ("first", "second", "rule"),
    [
        (_e("z", "80", expert="40"), _e("a", "80", expert="30"), "expert desc"),
        (_e("z", "80", auto="20"), _e("a", "80", auto="10"), "automatic desc"),
        (_e("z", "80", day=1), _e("a", "80", day=2), "submitted_at asc"),
        (_e("a", "80"), _e("b", "80"), "application_id asc"),
    ],
)
def test_ties_are_broken_in_the_stated_order_and_the_deciding_rule_is_recorded(first, second, rule):
    ranked = rank_applications([second, first])
    assert [r.entry for r in ranked] == [first, second]
    assert [r.rank for r in ranked] == [1, 2]
    assert ranked[1].decided_by == rule


def test_duplicate_application_ids_are_refused():
    with pytest.raises(ValueError):
        rank_applications([_e("a", "1"), _e("a", "2")])
