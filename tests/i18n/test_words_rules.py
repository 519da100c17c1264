"""The rules of the words walk (tests/e2e/words.py), without a browser."""

from __future__ import annotations

from tests.e2e.words import offences


def test_a_chinese_page_may_not_show_keys_paths_digests_or_english_sentences():
    text = ("状态 pending_review；燃料 COKE_OVEN_GAS；来源 tanxin.disclosure.services.facts；"
            "摘要 sha256:0123456789abcdef；Factor is from last year")
    found = offences(text, "zh-hans")
    assert "code: pending_review" in found and "code: COKE_OVEN_GAS" in found
    assert "path: tanxin.disclosure.services.facts" in found
    assert "digest: sha256:0123456789abcdef" in found
    assert "English: Factor is from last year" in found


def test_names_units_mail_and_codes_that_are_names_pass_on_a_chinese_page():
    text = "深圳碳排放配额 SZA-2024 · 52,772 tCO₂e · demo@demo.tanxin.invalid · Tanxin 平台 · Alpha Secret Co Ltd"
    assert offences(text, "zh-hans", names=("Alpha Secret Co Ltd",)) == []


def test_an_english_page_may_not_show_chinese_words_except_the_data_names():
    found = offences("Report of 深圳市丰科 — 待核定", "en", names=("深圳市丰科",))
    assert found == ["Chinese: 待核定"]
