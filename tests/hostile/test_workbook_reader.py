"""The shared workbook reader costs what the file stores, refuses past its caps, and says why in Chinese.

The crafted files are ~5 KB workbooks declaring ``A1:XFD<n>`` with one blank cell at row n: the reader used to
pad every declared row to 16,384 cells (68 s at n = 100,000). The timing figures live in
``bench/workbook_reader.py``; the CPU-time guards here only catch a return of the padding (it costs minutes).
"""

from __future__ import annotations

import io
import time
import zipfile

import pytest

from tanxin.common.errors import DomainError
from tanxin.web import xlsx
from tests.hostile.workbooks import far_reaching, honest, rewrite_sheet

HEADER = ["account", "instrument", "quantity"]


def _edited(change) -> bytes:
    """The header and one data row, with the sheet XML passed through ``change``."""
    return rewrite_sheet(honest([HEADER, ["X-1", "SZA-2025", 10]]), change)


def _refusal(data: bytes, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as caught:
        xlsx.sheet_rows(data, **kwargs)
    return caught.value


@pytest.mark.parametrize("last_row", [100_000, 1_048_576])
def test_a_tiny_file_declaring_a_huge_sheet_is_read_by_what_it_stores(settings, last_row):
    data = far_reaching([HEADER, ["X-1", "SZA-2025", 10]], last_row=last_row)
    assert len(data) < 6_000
    started = time.process_time()
    header, rows = xlsx.sheet_rows(data)
    assert time.process_time() - started < 1.0
    assert header == HEADER and rows == [(2, ("X-1", "SZA-2025", 10))]


def test_rows_keep_their_spreadsheet_numbers_across_gaps_and_blank_lines():
    far_row = '<row r="70000"><c r="B70000" t="inlineStr"><is><t>SZA-2026</t></is></c></row>'
    data = rewrite_sheet(honest([HEADER, ["X-1", "SZA-2025", 10], [None, "  ", None]]),
                         lambda xml: xml.replace("</sheetData>", far_row + "</sheetData>"))
    _header, rows = xlsx.sheet_rows(data)
    assert rows == [(2, ("X-1", "SZA-2025", 10)), (70000, (None, "SZA-2026", None))]


def test_cells_right_of_the_header_are_ignored_and_cost_one_cell():
    far_cell = '<c r="XFD2" t="n"><v>7</v></c>'
    data = _edited(lambda xml: xml.replace("</row></sheetData>", far_cell + "</row></sheetData>"))
    assert xlsx.sheet_rows(data)[1] == [(2, ("X-1", "SZA-2025", 10))]


def test_a_header_without_data_rows_is_refused_not_imported_as_nothing():
    error = _refusal(honest([HEADER]))
    assert error.code == "empty_file" and "没有数据行" in error.message


def test_a_template_without_data_rows_is_refused_after_its_columns_are_checked():
    labels = {"account": "Account", "quantity": "Quantity"}
    with pytest.raises(DomainError) as caught:
        xlsx.keyed_rows(honest([HEADER]), labels=labels, required=["account"], max_rows=10)
    assert caught.value.code == "empty_file"
    with pytest.raises(DomainError) as caught:
        xlsx.keyed_rows(honest([["foo"]]), labels=labels, required=["account"], max_rows=10)
    assert caught.value.code == "invalid_template"


def test_a_workbook_with_nothing_in_it_is_refused():
    assert _refusal(honest([])).code == "invalid_file"


def test_more_data_rows_than_the_cap_are_refused_with_the_cap_named():
    error = _refusal(honest([HEADER] + [["X", "SZA-2025", n] for n in range(6)]), max_rows=5)
    assert error.code == "too_many_rows" and "5" in error.message and "行数过多" in error.message


def test_the_row_cap_comes_from_the_settings_when_not_given(settings):
    settings.TANXIN_IMPORT_MAX_ROWS = 3
    assert _refusal(honest([HEADER] + [["X", "SZA-2025", n] for n in range(4)])).code == "too_many_rows"


def test_thousands_of_stored_blank_rows_are_counted_against_the_cap():
    blank = "".join(f'<row r="{i}"><c r="A{i}" s="0"/></row>' for i in range(3, 200))
    data = _edited(lambda xml: xml.replace("</sheetData>", blank + "</sheetData>"))
    assert _refusal(data, max_rows=10).code == "too_many_rows"
    assert len(xlsx.sheet_rows(data, max_rows=100)[1]) == 1


def test_a_file_over_the_byte_cap_is_refused_before_it_is_opened(settings):
    settings.TANXIN_IMPORT_MAX_BYTES = 1_000
    error = _refusal(honest([HEADER, ["X-1", "SZA-2025", 10]]))
    assert error.code == "too_large" and "文件过大" in error.message


def test_a_file_that_unpacks_far_beyond_the_cap_is_refused_unread(settings):
    settings.TANXIN_IMPORT_MAX_BYTES = 50_000
    padding = " " * (xlsx.UNPACK_RATIO * 50_000 + 1)
    data = _edited(lambda xml: xml.replace("<sheetData>", padding + "<sheetData>"))
    assert len(data) < 50_000
    error = _refusal(data)
    assert error.code == "too_large" and "解压" in error.message


def test_a_header_reaching_past_the_column_cap_is_refused():
    data = _edited(lambda xml: xml.replace("</row>", '<c r="IZ1" t="inlineStr"><is><t>x</t></is></c></row>', 1))
    assert _refusal(data).code == "too_many_columns"


@pytest.mark.parametrize("raw", [b"account,quantity\n1,2\n", b"PK\x03\x04 not a zip at all"])
def test_what_is_not_a_workbook_is_refused_as_an_invalid_file(raw):
    assert _refusal(raw).code == "invalid_file"


def test_a_sheet_with_broken_xml_is_refused_as_damaged():
    data = _edited(lambda xml: xml.replace("</sheetData>", "<row>"))
    error = _refusal(data)
    assert error.code == "invalid_file" and "已损坏" in error.message


def test_the_crafted_file_is_a_real_zip_with_the_declared_dimension():
    data = far_reaching([HEADER], last_row=1_048_576)
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert '<dimension ref="A1:XFD1048576"/>' in sheet and 'r="XFD1048576"' in sheet
