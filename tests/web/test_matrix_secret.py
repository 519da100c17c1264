"""The persona matrix's "never sees" check reads a body as its reader would."""

from __future__ import annotations

from tests.personas import readable


def test_a_chinese_secret_in_a_json_body_is_found_despite_its_escapes():
    body = b'{"items": [{"name": "\\u7532\\u4f01\\u4e1a"}]}'  # what JsonResponse sends for 甲企业
    assert "甲企业".encode() not in body  # the byte search that could never fail
    assert "甲企业" in readable(body)


def test_a_page_body_is_read_as_utf8():
    assert "乙企业" in readable("<td>乙企业</td>".encode())
