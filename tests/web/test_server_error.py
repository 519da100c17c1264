"""A failure of ours answers 500 in the reader's language, never Django's English page, and the API keeps its
error shape."""

import pytest
from django.conf import settings
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.web.failing_urls")]


def _client(language: str) -> Client:
    client = Client(raise_request_exception=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.mark.parametrize(
    ("language", "title", "says"),
    [("zh-hans", "服务器错误", "错误已记录"), ("en", "Server error", "The error has been recorded")],
)
def test_a_page_that_fails_answers_500_in_the_readers_language(language, title, says):
    response = _client(language).get("/planted-failure/")
    assert response.status_code == 500
    body = response.content.decode()
    assert title in body and says in body
    assert "planted failure" not in body and "Traceback" not in body and "Server Error (500)" not in body


def test_an_api_operation_that_fails_answers_500_in_the_error_shape():
    response = _client("zh-hans").get("/api/v1/planted-failure")
    assert response.status_code == 500
    answer = response.json()
    assert answer["code"] == "server_error" and answer["details"] is None
    assert answer["message"] == "服务器出错，请稍后再试。"
