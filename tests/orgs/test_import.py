"""Enterprise import: the template round-trips, bad rows are reported all at once, nothing partial is saved."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from tanxin.common.identifiers import make_uscc
from tanxin.orgs.models import Organisation

pytestmark = pytest.mark.django_db


def _template(client) -> Workbook:
    response = client.get("/directory/import/template.xlsx")
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def _upload(client, wb: Workbook | None = None, raw: bytes | None = None, name="import.xlsx"):
    if raw is None:
        buffer = io.BytesIO()
        wb.save(buffer)
        raw = buffer.getvalue()
    upload = io.BytesIO(raw)
    upload.name = name
    return client.post("/directory/import/", {"file": upload})


def _row(code: str, name: str, industry="C39", jurisdiction="440305", **extra):
    values = {"etype": "production", "size": "small", "emitter": "是", "ets": "shenzhen"} | extra
    return [code, name, "", industry, values["etype"], values["size"], jurisdiction, "深圳市南山区", "王经理",
            "0755-1234", "a@example.cn", values["emitter"], values["ets"]]  # fmt: skip


def test_the_template_lists_the_codes_and_has_the_chinese_headers(world):
    wb = _template(world.client("bureau_officer"))
    headers = [c.value for c in wb.worksheets[0][1]]
    assert headers[0] == "统一社会信用代码" and "行业代码（GB/T 4754）" in headers
    codes = [row[0] for row in wb.worksheets[2].iter_rows(values_only=True)]
    assert "C39" in codes and "440305" in codes
    assert "440304" not in codes  # Futian is not the Nanshan bureau's


def test_a_clean_file_imports_every_row_with_history(world):
    client = world.client("bureau_officer")
    wb = _template(client)
    codes = [make_uscc("91", "440305", f"MF00000{i}") for i in range(3)]
    for i, code in enumerate(codes):
        wb.worksheets[0].append(_row(code, f"导入企业{i}"))
    response = _upload(client, wb)
    assert response.status_code == 302
    imported = Organisation.objects.filter(uscc__in=codes)
    assert imported.count() == 3
    org = imported.get(name_zh="导入企业0")
    assert org.key_emitter and org.ets == "shenzhen" and org.industry.code == "C39"
    assert org.history.first().history_user == world.users["bureau_officer"]


def test_any_bad_row_saves_nothing_and_every_problem_is_reported(world):
    client = world.client("bureau_officer")
    wb = _template(client)
    good = make_uscc("91", "440305", "MG000001")
    ws = wb.worksheets[0]
    ws.append(_row(good, "好企业"))
    ws.append(_row("91350100M000100Y44", "坏代码"))
    ws.append(_row(good, "重复企业"))
    ws.append(_row(world.orgs["enterprise_a"].uscc, "已存在"))
    ws.append(_row(make_uscc("91", "440305", "MG000002"), "未知行业", industry="Z99"))
    ws.append(_row(make_uscc("91", "440305", "MG000003"), ""))
    ws.append(_row(make_uscc("91", "440304", "MG000004"), "福田", jurisdiction="440304"))
    ws.append(_row(make_uscc("91", "440305", "MG000005"), "长" * 201))
    response = _upload(client, wb)
    assert response.status_code == 400
    page = response.content.decode()
    for message in ["统一社会信用代码无效", "该信用代码在文件中重复出现", "该信用代码已存在于名录中", "未知的行业代码",
                    "缺少必填值", "不在您的辖区内", "内容过长"]:  # fmt: skip
        assert message in page, message
    assert not Organisation.objects.filter(uscc=good).exists()


@pytest.mark.parametrize(
    ("raw", "name", "message"),
    [
        (b"uscc,name\n1,2\n", "fake.xlsx", "不是 Excel 工作簿"),
        (b"PK\x03\x04 this is not really a zip", "broken.xlsx", "已损坏"),
    ],
)
def test_a_file_that_is_not_a_workbook_is_refused_clearly(world, raw, name, message):
    response = _upload(world.client("bureau_officer"), raw=raw, name=name)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_sheet_without_the_template_columns_is_refused(world):
    wb = Workbook()
    wb.active.append(["foo", "bar"])
    response = _upload(world.client("bureau_officer"), wb)
    assert response.status_code == 400 and "缺少以下必填列" in response.content.decode()


def test_an_oversized_upload_is_refused(world, settings):
    settings.TANXIN_IMPORT_MAX_BYTES = 1000
    wb = _template(world.client("bureau_officer"))
    response = _upload(world.client("bureau_officer"), wb)
    assert response.status_code == 400 and "文件过大" in response.content.decode()


def test_the_csv_export_follows_the_filters_and_opens_in_excel(world):
    response = world.client("bureau_officer").get("/directory/export.csv?kind=enterprise&enterprise_type=rd")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff统一社会信用代码")
    assert "乙企业" in text and "甲企业" not in text


def test_the_xlsx_export_is_a_real_workbook(world):
    response = world.client("bureau_officer").get("/directory/export.xlsx?kind=enterprise")
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    assert rows[0][0] == "统一社会信用代码"
    assert {r[1] for r in rows[1:]} == {"甲企业（机密名称A）", "乙企业（机密名称B）"}


def test_the_report_names_the_spreadsheet_row_even_after_blank_lines(world):
    client = world.client("bureau_officer")
    wb = _template(client)
    ws = wb.worksheets[0]
    ws.append(_row(make_uscc("91", "440305", "MK000001"), "第二行企业"))
    ws.append([None] * 13)  # row 3 left blank
    ws.append(_row("91350100M000100Y44", "第四行坏代码"))
    response = _upload(client, wb)
    assert response.status_code == 400
    assert "<td>4</td>" in response.content.decode()
