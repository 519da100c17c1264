"""Upload type detection by leading bytes, and storage once per content."""

import io
import zipfile

from django.core.files.storage import default_storage
from openpyxl import Workbook

from tanxin.common.files import file_kind, is_xlsx_workbook
from tanxin.web.storage import store_once


def _zip(names: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "x")
    return buffer.getvalue()


def _workbook() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def test_the_kind_comes_from_the_leading_bytes_only():
    assert file_kind(b"%PDF-1.7 ...") == "pdf"
    assert file_kind(b"\xff\xd8\xff\xe0 jpeg") == "jpeg"
    assert file_kind(b"\x89PNG\r\n\x1a\n...") == "png"
    assert file_kind(_zip(["word/document.xml"])) == "zip"
    assert file_kind(b"<html>%PDF-") is None
    assert file_kind(b"") is None


def test_an_excel_workbook_is_told_apart_from_other_zip_archives():
    assert is_xlsx_workbook(_workbook())
    assert not is_xlsx_workbook(_zip(["[Content_Types].xml", "word/document.xml"]))  # a docx
    assert not is_xlsx_workbook(b"PK\x03\x04 but not a zip at all")
    assert not is_xlsx_workbook(b"%PDF-1.4")


def test_the_same_bytes_are_stored_once_under_their_hash():
    first, second = b"%PDF-1.4 tanxin store_once one", b"%PDF-1.4 tanxin store_once two"
    digest, name = store_once("tests/blobs", first, "pdf")
    other_digest, other_name = store_once("tests/blobs", second)
    try:
        assert store_once("tests/blobs", first, "pdf") == (digest, name)
        assert name == f"tests/blobs/{digest[:2]}/{digest}.pdf"
        assert other_name == f"tests/blobs/{other_digest[:2]}/{other_digest}" and other_digest != digest
        assert default_storage.open(name).read() == first
        assert default_storage.listdir(f"tests/blobs/{digest[:2]}")[1] == [f"{digest}.pdf"]  # no second copy
    finally:
        default_storage.delete(name)
        default_storage.delete(other_name)
