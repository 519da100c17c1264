"""Emission calculators and the two accounting views. Import from here, not from the submodules."""

from tanxin.accounting.domain.calc.base import CalcContext, LineResult, ViewPolicy
from tanxin.accounting.domain.calc.fugitive import blend_gwp
from tanxin.accounting.domain.calc.views import (
    CHINA_REGULATORY,
    GHG_PROTOCOL,
    calculate_line,
    calculate_line_in_views,
    calculate_lines,
    calculate_lines_in_views,
    china_regulatory,
    ghg_protocol,
    source_type_of,
    view_policy,
)

__all__ = [
    "CHINA_REGULATORY", "GHG_PROTOCOL", "CalcContext", "LineResult", "ViewPolicy", "blend_gwp",
    "calculate_line", "calculate_line_in_views", "calculate_lines",
    "calculate_lines_in_views", "china_regulatory", "ghg_protocol", "source_type_of",
    "view_policy",
]
