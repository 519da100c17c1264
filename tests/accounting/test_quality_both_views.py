"""Quality flags read both views: a provisional factor only the GHG Protocol view uses is flagged too."""

from dataclasses import replace

from tanxin.accounting.domain.calc import CalcContext, calculate_lines, china_regulatory, ghg_protocol
from tanxin.accounting.domain.factors import make_snapshot
from tanxin.accounting.domain.lines import Electricity
from tanxin.accounting.domain.quality import assess
from tests.accounting.support import D, snapshot


def _library_with_a_2024_national_factor():
    base = snapshot()
    national = replace(base.factors["grid.cn.national.2023"], id="grid.cn.national.2024", year=2024, value=D("0.52"))
    return make_snapshot([*base.factors.values(), national], base.gwp_sets.values(), base.blends.values(),
                         base.parameters.values(), base.steam_table)


def test_a_provisional_factor_only_the_ghg_view_uses_is_flagged():
    library = _library_with_a_2024_national_factor()
    ctx = CalcContext(reporting_year=2024, province="GD", region="SOUTH")
    lines = [Electricity("e", D(100), "MWh")]
    china = calculate_lines(lines, library, china_regulatory(ets_covered=False), ctx)  # national 2024: current
    ghg = calculate_lines(lines, library, ghg_protocol(), ctx)  # market-based: residual mix 2023, provisional
    assert [c.factor.id for r in china for c in r.factor_choices] == ["grid.cn.national.2024"]
    alone = assess(lines, china, library, 2024)
    both = assess(lines, china, library, 2024, other_views=ghg)
    assert alone.flags == () and alone.score == 100
    flagged = [f.details["factor_id"] for f in both.flags if f.code == "provisional_factor"]
    assert flagged == ["grid.cn.national_excl_market_nonfossil.2023"]
    assert both.score < 100
