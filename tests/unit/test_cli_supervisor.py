"""The supervisor's commands as a supervisor types them: lint, diff, import with versions,
rollback, backup, restore and the usage report."""

import csv
import gc
import io
import json

import pytest

from assistant.cli import COMMANDS, main
from assistant.store.repository import Store


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def write_pack(path, version, phrases, **extra):
    groups = [
        {
            "name": "问候",
            "phrases": [
                {"code": code, "title": title, "body": body} for code, title, body in phrases
            ],
        }
    ]
    path.write_text(
        json.dumps(
            {
                "format": "kefu-pack",
                "id": "shop-main",
                "name": "本店话术",
                "version": version,
                "groups": groups,
                **extra,
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    return str(path)


V1 = [("zz1", "专属问候", "亲，欢迎光临本店~"), ("zz2", "旧问候", "在的亲，请问有什么可以帮您")]
V2 = [
    ("zz1", "专属问候", "亲，欢迎光临本店，有什么可以帮您~"),
    ("zz3", "尺码推荐", "亲，告诉我身高体重"),
]


@pytest.fixture
def sheet(tmp_path):
    path = tmp_path / "本店.csv"
    path.write_bytes(
        "分组,编码,标题,内容,标签\n"
        "问候,zz1,问候,亲，欢迎光临~,\n"
        "问候,zz2,加微信,有事加我微信,\n"
        "售后,zz3,,我们保证三天内到,\n".encode("gbk")
    )
    return str(path)


def test_lint_prints_each_finding_and_exits_1_on_errors(data_dir, sheet, capsys):
    code, out, _ = run(capsys, "pack", "lint", sheet)
    assert code == 1
    assert "本店.csv：1 个错误，1 个警告" in out
    assert "错误  第 3 行 [zz2]  站外联系或交易：“微信”、“加我”" in out
    assert "警告  第 4 行 [zz3]  绝对化承诺：“保证”" in out
    assert "说明：" in out and "旺旺" in out


def test_lint_exits_0_with_only_warnings_and_passes_a_clean_file(data_dir, tmp_path, capsys):
    warn = write_pack(tmp_path / "w.json", "1.0.0", [("a1", "t", "我们一定尽快发货")])
    assert run(capsys, "pack", "lint", warn)[0] == 0
    clean = write_pack(tmp_path / "c.json", "1.0.0", V1)
    code, out, _ = run(capsys, "pack", "lint", clean)
    assert code == 0 and "检查通过" in out


def test_lint_json_and_a_shop_word_file(data_dir, tmp_path, capsys):
    words = tmp_path / "禁用词.txt"
    words.write_text("欢迎光临本店\n", encoding="utf-8")
    path = write_pack(tmp_path / "p.json", "1.0.0", V1)
    code, out, _ = run(capsys, "pack", "lint", path, "--json", "--words", str(words))
    report = json.loads(out)
    assert code == 0 and report["errors"] == 0 and report["warnings"] == 1
    (finding,) = report["findings"]
    assert finding == {
        "where": "问候 第 1 条",
        "code": "zz1",
        "rule": "shop-words",
        "name": "本店禁用词",
        "severity": "warning",
        "words": ["欢迎光临本店"],
        "message": "本店禁用词：“欢迎光临本店”",
    }


def test_lint_of_a_broken_file_is_one_line_exit_2(data_dir, tmp_path, capsys):
    path = tmp_path / "x.json"
    path.write_text("{oops", encoding="utf-8")
    code, _, err = run(capsys, "pack", "lint", str(path))
    assert code == 2 and "x.json" in err and "Traceback" not in err


def test_import_prints_lint_findings_but_still_imports(data_dir, sheet, capsys):
    code, out, _ = run(capsys, "pack", "import", sheet, "--pack", "本店")
    assert code == 0
    assert "检查提示（仍会导入" in out and "站外联系或交易" in out
    assert "已导入话术包“本店”（版本 1.0.0）：3 条短语。" in out


def pack_list(capsys):
    return {p["name"]: p for p in json.loads(run(capsys, "pack", "list", "--json")[1])}


def test_diff_update_downgrade_and_rollback(data_dir, tmp_path, capsys):
    v1 = write_pack(tmp_path / "v1.json", "1.9.2", V1)
    v2 = write_pack(tmp_path / "v2.json", "1.10.0", V2)
    assert run(capsys, "pack", "import", v1)[0] == 0

    code, out, _ = run(capsys, "pack", "diff", v2)
    assert code == 0
    assert "话术包“本店话术”：版本 1.9.2 → 1.10.0（新版本）" in out
    assert (
        "+ [zz3] 尺码推荐" in out and "~ [zz1] 专属问候（内容）" in out and "- [zz2] 旧问候" in out
    )
    assert pack_list(capsys)["本店话术"]["version"] == "1.9.2"  # diff changed nothing

    code, out, _ = run(capsys, "pack", "diff", v2, "--json")
    plan = json.loads(out)
    assert plan["action"] == "upgrade" and [p["code"] for p in plan["removed"]] == ["zz2"]

    code, out, _ = run(capsys, "pack", "import", v2)
    assert code == 0 and "+ [zz3]" in out and "旧版本已保存" in out
    assert pack_list(capsys)["本店话术"]["version"] == "1.10.0"

    code, _, err = run(capsys, "pack", "import", v1)
    assert code == 2 and "比文件中的 1.9.2 新，未导入" in err and "--force" in err
    code, out, _ = run(capsys, "pack", "diff", v1)
    assert "比已安装的旧" in out and "会被拒绝" in out

    code, out, _ = run(capsys, "pack", "import", v2)
    assert code == 0 and "完全相同，未做改动" in out

    code, out, _ = run(capsys, "pack", "rollback", "本店话术", "--list")
    assert out.startswith("版本 1.9.2  2 条")
    code, out, _ = run(capsys, "pack", "rollback", "本店话术")
    assert code == 0 and "从版本 1.10.0 回滚到 1.9.2" in out
    assert pack_list(capsys)["本店话术"]["version"] == "1.9.2"
    code, _, err = run(capsys, "pack", "rollback", "本店话术")
    assert code == 2 and "没有保存的旧版本" in err


QIANNIU = "快捷短语编码,快捷短语,快捷短语分组\nhy1,亲，在的~,问候\nfh1,今天下午发货,物流\n"


def test_format_forces_how_import_and_diff_read_the_file(data_dir, tmp_path, capsys):
    qianniu = tmp_path / "千牛.csv"
    qianniu.write_bytes(QIANNIU.encode("gbk"))
    code, out, err = run(capsys, "pack", "import", str(qianniu), "--format", "qianniu")
    assert code == 0, err
    assert "已导入话术包“千牛”（版本 1.0.0）：2 条短语。" in out

    # A misnamed file is read as the format asked for, not as its name suggests.
    misnamed = tmp_path / "千牛.json"
    misnamed.write_bytes(QIANNIU.encode("gbk"))
    code, _, err = run(capsys, "pack", "diff", str(misnamed), "--pack", "新千牛")
    assert code == 2 and "千牛.json" in err  # read as JSON without --format
    code, out, err = run(
        capsys, "pack", "diff", str(misnamed), "--pack", "新千牛", "--format", "qianniu", "--json"
    )
    assert code == 0, err
    assert [p["code"] for p in json.loads(out)["added"]] == ["hy1", "fh1"]


def test_format_refuses_a_file_not_in_that_format_naming_it(data_dir, tmp_path, capsys):
    path = write_pack(tmp_path / "本店.json", "1.0.0", V1)
    before = pack_list(capsys)
    for action in ("import", "diff"):
        code, out, err = run(capsys, "pack", action, path, "--format", "xlsx")
        assert code == 2 and "Traceback" not in err, action
        assert "本店.json：不是 Excel 工作簿（.xlsx）" in err, action
    code, _, err = run(capsys, "pack", "diff", path, "--format", "qianniu")
    assert code == 2 and "本店.json：第 1 行不是千牛快捷短语的表头" in err
    assert pack_list(capsys) == before


def test_force_imports_an_older_version(data_dir, tmp_path, capsys):
    run(capsys, "pack", "import", write_pack(tmp_path / "v2.json", "2.0.0", V2))
    code, out, _ = run(
        capsys, "pack", "import", write_pack(tmp_path / "v1.json", "1.0.0", V1), "--force"
    )
    assert code == 0 and "（比已安装的旧）" in out
    assert pack_list(capsys)["本店话术"]["version"] == "1.0.0"


def test_use_counts_survive_an_update(data_dir, tmp_path, capsys):
    run(capsys, "pack", "import", write_pack(tmp_path / "v1.json", "1.0.0", V1))
    store = Store(data_dir)
    zz1 = store.conn.execute("SELECT id FROM phrases WHERE code = 'zz1'").fetchone()[0]
    store.record_use(zz1)
    store.close()
    run(capsys, "pack", "import", write_pack(tmp_path / "v2.json", "1.1.0", V2))
    rows = json.loads(run(capsys, "usage", "--pack", "本店话术", "--json")[1])
    assert [(r["code"], r["count"]) for r in rows] == [("zz1", 1), ("zz3", 0)]


def test_usage_report_text_and_csv_for_excel(data_dir, tmp_path, capsys):
    run(capsys, "pack", "import", write_pack(tmp_path / "v1.json", "1.0.0", V1))
    store = Store(data_dir)
    zz2 = store.conn.execute("SELECT id FROM phrases WHERE code = 'zz2'").fetchone()[0]
    for when in (1_700_000_000, 1_700_000_600):
        store.record_use(zz2, when=when)
    store.close()

    code, out, _ = run(capsys, "usage", "--pack", "本店话术")
    assert code == 0
    assert "话术包“本店话术”：2 条短语，用过 1 条，从未用过 1 条。" in out
    assert "   2  2023-11-1" in out and "[zz2] 旧问候（本店话术 › 问候）" in out
    assert out.index("从未用过（1 条）") < out.index("[zz1] 专属问候")

    target = tmp_path / "统计.csv"
    code, out, _ = run(capsys, "usage", "-o", str(target))
    raw = target.read_bytes()
    assert code == 0 and raw.startswith(b"\xef\xbb\xbf") and "已导出" in out
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["话术包", "分组", "编码", "标题", "使用次数", "最近使用"]
    assert rows[1][:5] == ["本店话术", "问候", "zz2", "旧问候", "2"] and rows[1][5]
    assert len(rows) == 1 + sum(p["phrases"] for p in pack_list(capsys).values())

    code, _, err = run(capsys, "usage", "--pack", "没有这个")
    assert code == 2 and "没有名为“没有这个”的话术包" in err


def test_backup_list_and_restore(data_dir, tmp_path, capsys):
    code, out, _ = run(capsys, "backup", "--keep", "2")
    assert code == 0 and "已备份到" in out and "保留最近 2 个备份" in out
    saved = out.split("已备份到 ", 1)[1].split("（", 1)[0]
    run(capsys, "pack", "import", write_pack(tmp_path / "v1.json", "1.0.0", V1))
    assert "本店话术" in pack_list(capsys)

    code, out, _ = run(capsys, "backup", "--list")
    assert "（手动）" in out and "（导入前）" in out and "备份文件夹" in out

    code, out, _ = run(capsys, "restore", saved)
    assert code == 0 and "恢复前的数据库已备份到" in out and "请重新启动" in out
    assert "本店话术" not in pack_list(capsys)

    # Keeping fewer says which went, the copy that undoes the restore among them.
    code, out, _ = run(capsys, "backup", "--keep", "1")
    assert code == 0 and "删除了较早的 3 个备份：" in out
    assert "（恢复前）" in out and "（导入前）" in out and "（手动）" in out


def test_restore_of_a_file_that_is_not_a_backup(data_dir, tmp_path, capsys):
    run(capsys, "pack", "list")
    bogus = tmp_path / "话术.csv"
    bogus.write_text("内容\n你好\n", encoding="utf-8")
    code, _, err = run(capsys, "restore", str(bogus))
    assert code == 2 and "话术.csv 不是客服助手的备份" in err and "Traceback" not in err


def test_the_new_commands_are_registered_and_helped(capsys):
    assert {COMMANDS[c] for c in ("backup", "restore", "usage")} == {"assistant.cli.supervisor"}
    for argv in (["pack", "--help"], ["--help"]):
        with pytest.raises(SystemExit):
            main(argv)
        out = capsys.readouterr().out
        assert all(
            word in out
            for word in (
                ("lint", "diff", "rollback")
                if argv[0] == "pack"
                else ("backup", "restore", "usage")
            )
        )


def test_the_supervisors_guide_covers_every_command_and_rule():
    from pathlib import Path

    from assistant.core import lint

    guide = (Path(__file__).resolve().parents[2] / "docs" / "主管指南.md").read_text("utf-8")
    for command in (
        "pack lint",
        "pack diff",
        "pack import",
        "pack rollback",
        "--force",
        "--words",
        "backup --keep",
        "backup --list",
        "restore",
        "usage -o",
    ):
        assert command in guide, command
    for rule in lint.builtin_rules():
        assert f"`{rule.id}`" in guide and rule.name in guide, rule.id
    for name in lint.STRUCTURAL.values():
        assert name in guide or name == "文件格式", name


@pytest.mark.parametrize("name", ["u.xlsx", "u.txt", "u"])
def test_usage_export_refuses_anything_but_csv(data_dir, tmp_path, capsys, name):
    target = tmp_path / name
    code, out, err = run(capsys, "usage", "-o", str(target))
    assert code == 2 and out == ""
    assert str(target) in err and "只能导出为 CSV" in err and ".csv" in err
    assert not target.exists()


def test_usage_export_into_a_missing_folder_is_refused(data_dir, tmp_path, capsys):
    target = tmp_path / "typo" / "u.csv"
    code, _, err = run(capsys, "usage", "-o", str(target))
    assert code == 2 and f"文件夹 {target.parent} 不存在" in err
    assert not target.parent.exists()


def test_bad_json_and_missing_word_list_are_explained_in_chinese(data_dir, tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text(
        '{"format": "kefu-pack",\n "name": "x", "groups": [{"name": "a", "phrases": [{,]}]}',
        encoding="utf-8",
    )
    code, _, err = run(capsys, "pack", "import", str(bad))
    assert code == 2 and "第 2 行" in err and "应当是用双引号括起的键名" in err
    assert "Expecting" not in err

    code, _, err = run(
        capsys,
        "pack",
        "lint",
        write_pack(tmp_path / "p.json", "1.0.0", V1),
        "--words",
        str(tmp_path / "missing.txt"),
    )
    assert code == 2 and "missing.txt" in err and "找不到这个文件" in err
    assert "No such file" not in err


def test_diff_lists_the_shipped_phrases_a_sheet_replaces(data_dir, tmp_path, capsys):
    # Codes sh1, sh2 and wl1 are shipped phrases: after the import search shows the
    # sheet's wording instead, and the supervisor is told before, not after.
    sheet = tmp_path / "本店.csv"
    sheet.write_text(
        "分组,编码,标题,内容,标签\n售后,sh1,售后问候,亲，售后这边为您处理,\n"
        "售后,SH2,别着急,亲别着急，马上帮您看,\n物流,wl1,查物流,亲，物流在订单里能看,\n"
        "问候,zz1,早安,早上好亲,\n问候,zz2,晚安,晚上好亲,\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "pack", "diff", str(sheet))
    assert code == 0 and "新增 5 条短语" in out
    assert "替换程序自带的短语 3 条" in out
    assert "[sh1] 售后接待（默认话术）→ 售后问候" in out
    assert "[sh2] 安抚情绪（默认话术）→ 别着急" in out  # codes compare as search does
    assert "[wl1] 物流可查（默认话术）→ 查物流" in out
    code, out, _ = run(capsys, "pack", "diff", str(sheet), "--json")
    replaced = json.loads(out)["replaces"]
    assert sorted(r["code"] for r in replaced) == ["sh1", "sh2", "wl1"]
    assert {r["title"] for r in replaced} == {"售后接待", "安抚情绪", "物流可查"}


def test_the_guides_way_from_a_sheet_to_a_versioned_json_pack(data_dir, tmp_path, capsys):
    """The guide: import the sheet, export JSON, give it an id and an author, import it;
    from then on a version renamed in the file is still known as the same pack."""
    sheet = tmp_path / "本店话术.csv"
    sheet.write_text("分组,编码,标题,内容\n问候,zz1,问候,亲，在的\n", encoding="utf-8")
    assert run(capsys, "pack", "import", str(sheet))[0] == 0
    exported = tmp_path / "本店话术.json"
    assert run(capsys, "pack", "export", "本店话术", "-o", str(exported))[0] == 0
    data = json.loads(exported.read_text("utf-8"))
    data |= {"id": "our-shop-main", "author": "王主管"}
    exported.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    code, out, _ = run(capsys, "pack", "import", str(exported))
    assert code == 0 and "话术包信息有变化：编号、作者" in out and "完全相同" not in out
    listed = json.loads(run(capsys, "pack", "list", "--json")[1])
    (mine,) = [p for p in listed if p["name"] == "本店话术"]
    assert (mine["id"], mine["author"]) == ("our-shop-main", "王主管")

    data |= {"name": "店铺话术", "version": "1.1.0"}
    exported.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out, _ = run(capsys, "pack", "import", str(exported))
    assert code == 0 and "沿用“本店话术”" in out
    names = [p["name"] for p in json.loads(run(capsys, "pack", "list", "--json")[1])]
    assert "店铺话术" not in names and names.count("本店话术") == 1


@pytest.mark.store(shipped=True)
def test_the_shipped_pack_exported_and_imported_again_is_told_to_take_a_name(
    data_dir, store, tmp_path, capsys
):
    """The guide's 'export a ready sheet and edit it': importing it back under the shipped
    name says to give it a name of its own, not to use --force or a rollback (neither
    works for a shipped pack)."""
    sheet = tmp_path / "默认话术.xlsx"
    assert run(capsys, "pack", "export", "默认话术", "-o", str(sheet))[0] == 0
    code, out, err = run(capsys, "pack", "import", str(sheet))
    assert code == 2 and "是程序自带的话术包，不能用导入替换" in err
    assert "--pack 店铺话术" in err and "--force" not in err and "rollback" not in err
    assert run(capsys, "pack", "import", str(sheet), "--force")[2] == err  # the same answer
    code, out, _ = run(capsys, "pack", "import", str(sheet), "--pack", "店铺话术")
    assert code == 0 and "已导入话术包“店铺话术”" in out


def test_a_new_pack_with_an_installed_packs_codes_says_how_to_update_it(data_dir, tmp_path, capsys):
    first = tmp_path / "本店话术.csv"
    first.write_text(
        "分组,编码,标题,内容\n物流,wl9,查物流,亲，物流信息在订单里\n物流,wl8,催件,帮您催\n",
        encoding="utf-8",
    )
    assert run(capsys, "pack", "import", str(first))[0] == 0
    renamed = tmp_path / "本店话术-改.csv"
    renamed.write_text(
        "分组,编码,标题,内容\n物流,WL9,查物流,亲，物流信息在订单详情里\n问候,zz1,早安,早上好\n",
        encoding="utf-8",
    )

    code, out, _ = run(capsys, "pack", "import", str(renamed))
    assert code == 0
    assert "其中 1 条短语的编码与已安装的“本店话术”相同（wl9）" in out
    assert "请把文件改名为“本店话术”再导入（命令行也可以加 --pack 本店话术）" in out
    code, out, _ = run(capsys, "pack", "import", str(renamed), "--pack", "本店话术")
    assert code == 0 and "注意：其中" not in out  # an update of that pack: nothing shared


def test_restore_leaves_nothing_beside_the_chosen_backup(data_dir, tmp_path, capsys):
    code, out, _ = run(capsys, "backup")
    saved = out.split("已备份到 ", 1)[1].split("（", 1)[0]
    folder = data_dir / "backups"
    before = sorted(p.name for p in folder.iterdir())
    code, out, err = run(capsys, "restore", saved)
    assert code == 0, err
    after = sorted(p.name for p in folder.iterdir())
    # Only the copy of the database as it was; no -wal/-shm beside the chosen backup.
    assert [n for n in after if n not in before and not n.endswith("-before-restore.db")] == []


def test_restore_over_a_damaged_database_says_whose_pin_is_used(data_dir, tmp_path, capsys):
    from assistant.core import pin
    from assistant.store.supervisor import PinStore

    cheap = pin.KdfParams("scrypt", n=16, r=1, p=1)
    run(capsys, "pack", "list")
    without_pin = run(capsys, "backup")[1].split("已备份到 ", 1)[1].split("（", 1)[0]
    store = Store(data_dir)
    PinStore(store, cheap).set_pin("580213")
    store.close()
    with_pin = run(capsys, "backup")[1].split("已备份到 ", 1)[1].split("（", 1)[0]

    code, out, _ = run(capsys, "restore", without_pin)  # a sound database keeps its PIN
    assert code == 0 and "主管 PIN 保持恢复前的设置" in out
    store = Store(data_dir)
    assert PinStore(store).has_pin()
    store.close()

    damaged = data_dir / "assistant.db"
    for backup, said, has_pin in (
        (with_pin, "主管 PIN 用的是备份里的那个", True),
        (without_pin, "备份里也没有主管 PIN：现在没有设置 PIN", False),
    ):
        # The commands ran in this process: what they left for the collector is closed
        # first (Windows lets nobody remove a file a connection still holds).
        gc.collect()
        damaged.write_bytes(b"\x00" * 8192)
        for extra in ("-wal", "-shm"):
            damaged.with_name(damaged.name + extra).unlink(missing_ok=True)
        code, out, err = run(capsys, "restore", backup)
        assert code == 0, err
        assert "原数据库已损坏" in out and said in out and "保持恢复前" not in out
        store = Store(data_dir)
        assert PinStore(store).has_pin() is has_pin
        store.close()


def test_a_file_where_the_backups_folder_should_be_is_said_in_chinese(data_dir, tmp_path, capsys):
    assert run(capsys, "pack", "list")[0] == 0
    backups = data_dir / "backups"
    if backups.exists():
        for f in backups.iterdir():
            f.unlink()
        backups.rmdir()
    backups.write_text("x", encoding="utf-8")
    sheet = tmp_path / "本店话术.csv"
    sheet.write_text("分组,编码,标题,内容\n问候,zz1,问候,亲，在的\n", encoding="utf-8")
    code, out, err = run(capsys, "backup")
    assert code == 2 and "Traceback" not in err
    assert "备份文件夹" in err and "同名的文件" in err
    code, out, err = run(capsys, "pack", "import", str(sheet))
    assert code == 2 and "同名的文件" in err
    assert backups.read_text(encoding="utf-8") == "x"  # nothing of the user's touched


def test_a_backup_that_fails_leaves_no_file_that_looks_like_one(store):
    import sqlite3

    from assistant.store import backups as backups_mod
    from assistant.store import db

    class FullDisk:
        """The live database as the backup sees it when the disk fills up half-way."""

        def backup(self, target):
            target.execute("CREATE TABLE half (x)")  # something written, then no room
            raise sqlite3.OperationalError("database or disk is full")

    before = sorted(store.backups.glob("*")) if store.backups.exists() else []
    with pytest.raises(sqlite3.OperationalError):
        db.backup_file(FullDisk(), store.path, store.backups, "manual")
    after = sorted(store.backups.glob("*"))
    assert after == before and backups_mod.list_backups(store.folder) == []


def test_a_full_disk_during_restore_does_not_call_the_backup_damaged(data_dir, capsys, monkeypatch):
    import sqlite3
    import types

    from assistant.store import backups as backups_mod

    run(capsys, "pack", "list")
    saved = run(capsys, "backup")[1].split("已备份到 ", 1)[1].split("（", 1)[0]

    class Full:
        def backup(self, target, **kwargs):
            error = sqlite3.OperationalError("database or disk is full")
            error.sqlite_errorcode = 13  # SQLITE_FULL, as SQLite reports it
            raise error

        def close(self):
            pass

    def connect(target, *args, **kwargs):
        return Full() if kwargs.get("uri") else sqlite3.connect(target, *args, **kwargs)

    fake = types.SimpleNamespace(**{n: getattr(sqlite3, n) for n in dir(sqlite3) if n[0] != "_"})
    fake.connect = connect
    monkeypatch.setattr(backups_mod, "sqlite3", fake)

    code, out, err = run(capsys, "restore", saved)
    assert code == 2
    assert "磁盘已满" in err and "本身没有问题" in err and "已损坏" not in err
