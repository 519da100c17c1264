from datetime import date
from decimal import Decimal

from tanxin.market.domain.csv_import import parse_price_csv

GOOD = """date,instrument,open,close,volume,turnover
2024-10-08,CEA,101.00,99.50,120000,"11,985,000.50"
2024-10-09,CEA,99.50,100.20,80000,8016000
"""


def test_a_good_file_yields_every_row_with_turnover_in_fen():
    result = parse_price_csv(GOOD, source="exchange daily report")
    assert result.ok and len(result.rows) == 2
    first = result.rows[0]
    assert (first.day, first.open, first.close, first.volume_t) == (
        date(2024, 10, 8),
        Decimal("101.00"),
        Decimal("99.50"),
        120_000,
    )
    assert first.turnover_fen == 1_198_500_050
    assert not first.synthetic and first.source == "exchange daily report"


def test_a_byte_order_mark_from_excel_is_tolerated():
    assert parse_price_csv("\ufeff" + GOOD, source="x").ok


def test_one_bad_row_rejects_the_whole_file_and_every_error_is_reported_by_line():
    text = GOOD + "2024-10-10,CEA,-1,100,1.5,100\n2024-13-01,,100,100,0,5\n"
    result = parse_price_csv(text, source="x")
    assert result.rows == ()
    found = {(e.line, e.column, e.code) for e in result.errors}
    assert found == {
        (4, "open", "bad_price"),
        (4, "volume", "bad_volume"),
        (5, "date", "bad_date"),
        (5, "instrument", "missing_instrument"),
        (5, "turnover", "turnover_without_volume"),
    }


def test_a_duplicate_day_is_reported_against_the_first_occurrence():
    text = GOOD + "2024-10-09,CEA,99.50,100.20,80000,8016000\n"
    (error,) = parse_price_csv(text, source="x").errors
    assert (error.line, error.code, error.value) == (4, "duplicate_row", "same as line 3")


def test_missing_and_unexpected_columns_are_reported_on_the_header_line():
    result = parse_price_csv("date,instrument,open,close,volume,amount\n", source="x")
    assert {(e.line, e.column, e.code) for e in result.errors} == {
        (1, "turnover", "missing_column"),
        (1, "amount", "unexpected_column"),
    }


def test_prices_with_more_than_two_decimals_are_refused():
    text = "date,instrument,open,close,volume,turnover\n2024-10-08,CEA,101.001,99.5,1,99.5\n"
    (error,) = parse_price_csv(text, source="x").errors
    assert (error.column, error.code) == ("open", "bad_price")


def test_an_empty_file_is_an_error_not_an_empty_success():
    result = parse_price_csv("date,instrument,open,close,volume,turnover\n", source="x")
    assert not result.ok and result.errors[0].code == "empty_file"
