"""Twelve months of a source in one grid: the same validation as the import, all or nothing, a refusal named by
its month; only the enterprise's own people enter it."""

from __future__ import annotations

from itertools import count

import pytest

from tanxin.accounting import services
from tanxin.accounting.models import ActivityLine, EmissionSource
from tests.personas import check_matrix, check_write_matrix

pytestmark = pytest.mark.django_db
WRITERS_OF_A = ["enterprise_a", "enterprise_a_member"]
_n = count(1)


def _meter(world) -> EmissionSource:
    return services.create_source(world.users["enterprise_a"], world.orgs["enterprise_a"].pk,
                                  {"name": f"Grid meter {next(_n)}", "source_type": "electricity",
                                   "category": "building"})  # fmt: skip


def _grid(year=2024, unit="MWh", **months) -> dict:
    return {"year": year, "kind": "electricity", "unit": unit, **{f"m{m}": "" for m in range(1, 13)}, **months}


def _months(source: EmissionSource) -> list[tuple[int, str]]:
    return sorted((line.month, line.data["quantity"]) for line in ActivityLine.objects.filter(source=source))


def test_only_enterprise_as_people_open_and_save_the_grid(world):
    source = _meter(world)
    check_matrix(world, f"/accounting/sources/{source.pk}/months/?year=2024", WRITERS_OF_A)
    check_write_matrix(world, WRITERS_OF_A, lambda: _meter(world),
                       lambda client, src: client.post(f"/accounting/sources/{src.pk}/months/",
                                                       _grid(m1="100", m2="90.5", m12="80")),
                       _months, [(1, "100"), (2, "90.5"), (12, "80")], ok_status=(302,), api=False)  # fmt: skip


def test_a_bad_month_saves_nothing_and_is_named_by_its_month(world):
    source = _meter(world)
    client = world.client("enterprise_a")
    response = client.post(f"/accounting/sources/{source.pk}/months/", _grid(m1="100", m2="-5", m3="abc"))
    assert response.status_code == 400 and _months(source) == []
    rows = {row["month"]: row["error"] for row in response.context["rows"]}
    assert rows[2] and rows[3] and not rows[1]  # each refusal beside its month, in Chinese
    assert "月" in response.content.decode() and response.context["rows"][1]["field"].value() == "-5"


def test_a_month_that_already_has_data_is_shown_not_offered_and_cannot_be_entered_twice(world):
    source = _meter(world)
    client = world.client("enterprise_a")
    assert client.post(f"/accounting/sources/{source.pk}/months/", _grid(m4="40")).status_code == 302
    page = client.get(f"/accounting/sources/{source.pk}/months/?year=2024")
    assert [r["taken"] for r in page.context["rows"]][3] is True
    again = client.post(f"/accounting/sources/{source.pk}/months/", _grid(m4="41", m5="50"))
    assert again.status_code == 400 and _months(source) == [(4, "40")]  # all or nothing


def test_the_units_offered_are_the_kinds_and_an_empty_grid_is_refused(world):
    source = _meter(world)
    client = world.client("enterprise_a")
    page = client.get(f"/accounting/sources/{source.pk}/months/?year=2024")
    assert [value for value, _label in page.context["form"].fields["unit"].choices] == ["kWh", "MWh", "万kWh"]
    assert client.post(f"/accounting/sources/{source.pk}/months/", _grid(unit="t", m1="1")).status_code == 400
    empty = client.post(f"/accounting/sources/{source.pk}/months/", _grid())
    assert empty.status_code == 400 and "请至少填写一个月" in empty.content.decode()
    assert _months(source) == []


def test_a_year_with_only_some_months_shows_no_year_on_year_percentage_but_says_why(world):
    source = _meter(world)
    client = world.client("enterprise_a")
    assert client.post(f"/accounting/sources/{source.pk}/months/",
                       _grid(year=2023, **{f"m{m}": "100" for m in range(1, 13)})).status_code == 302  # fmt: skip
    two_months = client.post(f"/accounting/sources/{source.pk}/months/", _grid(year=2024, m1="100", m2="100"))
    assert two_months.status_code == 302
    response = client.get(f"/accounting/e/{world.orgs['enterprise_a'].pk}/inventory/2024/")
    yoy = response.context["data"]["yoy"]
    assert yoy["partial"] is True and yoy["months"] == 2 and yoy["pct"] is None  # not "-83.3 %"
    assert "目前仅有 2 个月的数据" in response.content.decode()
    whole = client.get(f"/accounting/e/{world.orgs['enterprise_a'].pk}/inventory/2023/").context["data"]["yoy"]
    assert whole is None or whole["partial"] is False
