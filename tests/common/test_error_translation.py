"""The one way to put a domain error into the user's language."""

from __future__ import annotations

from tanxin.common.errors import Conflict, DomainError, translate


class CodedError(Conflict):
    """Like the apps' domain errors: the constructor takes a code, not a message."""

    def __init__(self, code: str, **details: object) -> None:
        super().__init__(f"English {code}", code=code, details={k: str(v) for k, v in details.items()})


MESSAGES = {"too_big": "太大了：%(size)s", "plain": "一句话", "broken": "缺少 %(nothing)s"}


def test_a_translated_error_keeps_its_class_code_and_details_and_formats_its_details():
    exc = CodedError("too_big", size=12)
    done = translate(exc, MESSAGES)
    assert type(done) is CodedError and done.code == "too_big" and done.details == {"size": "12"}
    assert done.message == "太大了：12" and str(done) == "太大了：12"
    assert exc.message == "English too_big"  # the original is untouched


def test_an_unknown_code_keeps_its_message_and_a_bad_template_is_shown_unformatted():
    assert translate(DomainError("as is", code="other"), MESSAGES).message == "as is"
    assert translate(DomainError("x", code="broken"), MESSAGES).message == "缺少 %(nothing)s"


def test_a_field_files_the_message_under_the_form_field():
    done = translate(DomainError("x", code="plain", details={"a": 1}), MESSAGES, field="amount")
    assert done.details == {"a": 1, "amount": ["一句话"]}
