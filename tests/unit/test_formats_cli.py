"""``assistant pack export/import`` with XLSX and Qianniu files, as a supervisor runs them."""

import json

from openpyxl import Workbook

from assistant.cli import main


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def packs(capsys):
    return {p["name"]: p["phrases"] for p in json.loads(run(capsys, "pack", "list", "--json")[1])}


def test_default_pack_through_xlsx_and_back(data_dir, tmp_path, capsys):
    target = tmp_path / "默认话术.xlsx"
    code, out, _ = run(capsys, "pack", "export", "默认话术", "-o", str(target))
    assert code == 0 and "XLSX" in out and target.read_bytes().startswith(b"PK")
    count = packs(capsys)["默认话术"]
    code, out, err = run(capsys, "pack", "import", str(target), "--pack", "表格版")
    assert code == 0, err
    assert packs(capsys)["表格版"] == count
    code, out, _ = run(capsys, "search", "hy1", "--json")
    # The shop's copy answers for the shipped codes: no duplicates, its wording wins.
    assert {hit["pack"] for hit in json.loads(out)} == {"表格版"}


def test_qianniu_export_says_what_it_leaves_out_and_imports_back(data_dir, tmp_path, capsys):
    target = tmp_path / "千牛.csv"
    code, out, _ = run(
        capsys, "pack", "export", "默认话术", "-o", str(target), "--format", "qianniu"
    )
    assert code == 0 and "千牛 CSV" in out
    assert "注意：千牛快捷短语没有标题和标签" in out and "占位符" in out
    target.read_bytes().decode("gbk")  # GBK, as Qianniu expects
    code, out, err = run(capsys, "pack", "import", str(target))  # recognised by its header
    assert code == 0, err
    assert packs(capsys)["千牛"] == packs(capsys)["默认话术"]


def test_a_csv_export_is_our_sheet_unless_qianniu_is_asked_for(data_dir, tmp_path, capsys):
    target = tmp_path / "out.csv"
    run(capsys, "pack", "export", "默认话术", "-o", str(target))
    assert target.read_text("utf-8-sig").startswith("分组,编码,标题,内容,标签")


def test_a_refused_workbook_leaves_no_pack_behind(data_dir, tmp_path, capsys):
    book = Workbook()
    sheet = book.active
    sheet.append(["编码", "内容"])
    for n in range(50):
        sheet.append([f"a{n}", f"第 {n} 条"])
    sheet.append(["bad", "用了{不存在的占位符}"])
    path = tmp_path / "本店.xlsx"
    book.save(path)
    before = packs(capsys)
    code, out, err = run(capsys, "pack", "import", str(path))
    assert code == 2 and "Traceback" not in err
    assert "本店.xlsx" in err and "第 52 行 B 列“内容”" in err and "不存在的占位符" in err
    assert packs(capsys) == before


def test_export_the_unwritable_way_writes_nothing(data_dir, tmp_path, capsys):
    code, _, err = run(capsys, "pack", "export", "默认话术", "-o", str(tmp_path / "x.txt"))
    assert code == 2 and "--format" in err
    assert not (tmp_path / "x.txt").exists()


def test_a_format_the_file_name_contradicts_is_refused(data_dir, tmp_path, capsys):
    """--format csv into x.json wrote a file that its own import then refused."""
    target = tmp_path / "x.json"
    code, _, err = run(capsys, "pack", "export", "默认话术", "-o", str(target), "--format", "csv")
    assert code == 2 and "x.json 是 .json，格式却是 csv" in err and "x.csv" in err
    assert not target.exists()
    qianniu = tmp_path / "千牛.csv"
    code, _, _ = run(
        capsys, "pack", "export", "默认话术", "-o", str(qianniu), "--format", "qianniu"
    )
    assert code == 0 and qianniu.exists()  # Qianniu's CSV is a .csv


def test_import_format_insists(data_dir, tmp_path, capsys):
    sheet = tmp_path / "p.csv"
    sheet.write_text("分组,编码,内容\n问候,zz1,你好\n", encoding="utf-8")
    before = packs(capsys)
    code, _, err = run(capsys, "pack", "import", str(sheet), "--format", "qianniu")
    assert code == 2 and "不是千牛快捷短语的表头" in err
    code, _, err = run(capsys, "pack", "import", str(sheet), "--format", "xlsx")
    assert code == 2 and "不是 Excel 工作簿" in err
    assert packs(capsys) == before
    misnamed = tmp_path / "q.json"  # a sheet saved under the wrong name: read as told
    misnamed.write_text("分组,编码,内容\n问候,zz1,你好\n", encoding="utf-8")
    code, _, err = run(capsys, "pack", "import", str(misnamed), "--format", "csv")
    assert code == 0, err
    assert packs(capsys)["q"] == 1
    code, _, err = run(capsys, "pack", "import", str(sheet), "--format", "csv")
    assert code == 0, err
    assert packs(capsys)["p"] == 1


def test_codes_starting_with_a_minus_come_back_from_csv_and_qianniu(data_dir, tmp_path, capsys):
    # Export guards a cell starting with = + - @ with an apostrophe; import takes it off
    # again in every column export guards, the code too.
    source = tmp_path / "in.csv"
    source.write_text("分组,编码,标题,内容\ng,-a1,t,亲好\n", encoding="utf-8")
    assert run(capsys, "pack", "import", str(source), "--pack", "本店")[0] == 0
    for fmt in ("csv", "qianniu"):
        target = tmp_path / f"out-{fmt}.csv"
        code, _, err = run(capsys, "pack", "export", "本店", "-o", str(target), "--format", fmt)
        assert code == 0, err
        code, _, err = run(capsys, "pack", "import", str(target), "--pack", "本店")
        assert code == 0, err
        saved = tmp_path / f"back-{fmt}.json"
        run(capsys, "pack", "export", "本店", "-o", str(saved))
        groups = json.loads(saved.read_text("utf-8"))["groups"]
        assert [p["code"] for g in groups for p in g["phrases"]] == ["-a1"]
    again = tmp_path / "again.csv"
    run(capsys, "pack", "export", "本店", "-o", str(again), "--format", "qianniu")
    assert again.read_bytes() == (tmp_path / "out-qianniu.csv").read_bytes()
