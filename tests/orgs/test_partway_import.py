"""Enterprise import failing part-way: when the third row's save fails after two rows are written, nothing is
kept (no organisation, no history row) and the bureau user is told why on the page, in Chinese."""

import pytest
from django.db import DatabaseError, IntegrityError

from tanxin.common.identifiers import make_uscc
from tanxin.orgs.models import Organisation
from tests.orgs.test_import import _row, _template, _upload
from tests.race import fail_on_call

pytestmark = pytest.mark.django_db
CODES = [make_uscc("91", "440305", f"MP00000{i}") for i in range(4)]


def _counts() -> tuple[int, int]:
    return Organisation.objects.count(), Organisation.history.count()


def _workbook(client):
    wb = _template(client)
    for i, code in enumerate(CODES):
        wb.worksheets[0].append(_row(code, f"中途失败企业{i}"))
    return wb


def test_a_save_failing_on_the_third_row_keeps_none_and_the_page_says_why(world, monkeypatch):
    client = world.client("bureau_officer")
    wb = _workbook(client)
    before = _counts()
    calls = fail_on_call(monkeypatch, Organisation, "save", 3, IntegrityError("duplicate key value (uscc)"))
    response = _upload(client, wb)
    assert calls[0] == 3  # two rows were written before the failure
    assert response.status_code == 400
    assert "已存在使用该统一社会信用代码的机构" in response.content.decode()
    assert _counts() == before and not Organisation.objects.filter(uscc__in=CODES).exists()


def test_any_other_database_failure_part_way_keeps_none_and_the_same_file_then_imports_whole(world, monkeypatch):
    client = world.client("bureau_officer")
    wb = _workbook(client)
    before = _counts()
    fail_on_call(monkeypatch, Organisation, "save", 4, DatabaseError("disk full"))
    with pytest.raises(DatabaseError):
        _upload(client, wb)
    assert _counts() == before
    monkeypatch.undo()
    assert _upload(client, wb).status_code == 302
    assert Organisation.objects.filter(uscc__in=CODES).count() == 4
