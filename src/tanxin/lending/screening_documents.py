"""The screening list as a workbook (openpyxl): numbers stay numbers, codes become words."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from tanxin.lending.queries_screening import Card
from tanxin.lending.screening_present import KNOCKOUTS, band_text


def list_xlsx(cards: list[Card]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Screening")[:31]
    header = [
        _("Rank"), _("Enterprise"), _("Unified social credit code"), _("Band"), _("Score"),
        _("Carbon position"), _("Credit status"), _("Financial capacity"), _("Green rating"), _("Need fit"),
        _("Knock-outs"), _("Allowance holdings (t)"), _("Pledgeable (t)"), _("Verified emissions (t)"),
        _("Surplus ratio"), _("LTV cap"), _("Spread (bp)"), _("Scorecard version"),
    ]  # fmt: skip
    ws.append([str(h) for h in header])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for rank, card in enumerate(cards, start=1):
        r, c = card.result, card.carbon
        pillars = {p.pillar.value: p.score for p in r.pillars}
        ws.append([
            rank, card.enterprise.name, card.enterprise.uscc, band_text(card), r.total,
            pillars.get("carbon"), pillars.get("credit"), pillars.get("finance"), pillars.get("green"),
            pillars.get("need"), "; ".join(str(KNOCKOUTS[h.code.value]) for h in r.knockouts),
            c.holdings_t, c.pledgeable_t, c.verified_emissions_t, c.surplus_ratio,
            r.band.ltv_cap if r.band else None, r.band.spread_bp if r.band else None, card.version.version,
        ])  # fmt: skip
    for column, width in zip("ABCDEFGHIJKLMNOPQR", (6, 36, 22, 8, 8, 10, 10, 10, 10, 10, 40, 14, 14, 14, 12, 10, 10,
                                                    10), strict=True):  # fmt: skip
        ws.column_dimensions[column].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
